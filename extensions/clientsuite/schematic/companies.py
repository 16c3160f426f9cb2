"""``client.companies``: upsert and read companies and users, typed with ``schematic_api.models``.

The arguments are the official SDK's; ``keys``, ``name`` and ``traits`` may also be positional.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from schematic_api import Client
from schematic_api.api.companies import get_company, get_user, list_companies, upsert_company, upsert_user

__all__ = ["PAGE_SIZE", "AsyncCompanies", "Companies", "company_body", "list_query", "user_body"]
from schematic_api.models import (
    CompanyDetail,
    CompanyResponse,
    ListCompaniesResponse,
    UpsertCompanyRequestBody,
    UpsertUserRequestBody,
    UserResponse,
)

from clientsuite.runtime import call, expect, paginate
from clientsuite.runtime.calls import Options
from clientsuite.schematic.events import utc_text

PAGE_SIZE = 100
_LISTS = {
    "credit_type_ids",
    "ids",
    "plan_ids",
    "plan_version_ids",
    "subscription_statuses",
    "subscription_types",
}


def _keys(keys: Any, what: str = "keys") -> dict[str, str]:
    if not isinstance(keys, Mapping) or not keys:
        raise ValueError(f"{what} must be a non-empty dict, e.g. {{'id': 'your-id'}}")
    return {str(k): str(v) for k, v in keys.items()}


def _wire(value: Any) -> Any:
    if isinstance(value, datetime):
        return utc_text(value)
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, Sequence) and not isinstance(value, str):
        return list(value)
    return value


def _given(fields: Mapping[str, Any]) -> dict[str, Any]:
    return {name: _wire(value) for name, value in fields.items() if value is not None}


def company_body(
    keys: Mapping[str, str], name: str | None, traits: Mapping[str, Any] | None, **more: Any
) -> Any:
    return UpsertCompanyRequestBody.from_dict(
        {"keys": _keys(keys), **_given({"name": name, "traits": traits, **more})}
    )


def user_body(
    keys: Mapping[str, str],
    name: str | None,
    traits: Mapping[str, Any] | None,
    company: Mapping[str, str] | None,
    **more: Any,
) -> Any:
    if company is not None:
        company = _keys(company, "company")
    fields = _given({"name": name, "traits": traits, "company": company, **more})
    return UpsertUserRequestBody.from_dict({"keys": _keys(keys), **fields})


def list_query(limit: int | None, offset: int | None, q: str | None, **filters: Any) -> dict[str, Any]:
    """The query the generated call takes; a single string is accepted where the API takes a list."""
    query = _given({"limit": limit, "offset": offset, "q": q, **filters})
    for name in _LISTS & set(query):
        if isinstance(query[name], str):
            query[name] = [query[name]]
    return query


def _offset(cursor: str | None) -> int:
    return int(cursor) if cursor else 0


def _next(page: ListCompaniesResponse, offset: int) -> str | None:
    return str(offset + len(page.data)) if len(page.data) >= PAGE_SIZE else None


class Companies:
    """Companies and users (sync); reached as ``client.companies``."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def upsert_company(
        self,
        keys: Mapping[str, str],
        name: str | None = None,
        traits: Mapping[str, Any] | None = None,
        *,
        base_plan_id: str | None = None,
        base_plan_price_id: str | None = None,
        id: str | None = None,
        last_seen_at: datetime | None = None,
        prevent_key_remap: bool | None = None,
        remove_keys: Sequence[str] | None = None,
        update_only: bool | None = None,
        request_options: Options = None,
    ) -> CompanyResponse:
        """Create the company or update the one any of ``keys`` names (``None`` leaves a field out)."""
        body = company_body(
            keys,
            name,
            traits,
            base_plan_id=base_plan_id,
            base_plan_price_id=base_plan_price_id,
            id=id,
            last_seen_at=last_seen_at,
            prevent_key_remap=prevent_key_remap,
            remove_keys=remove_keys,
            update_only=update_only,
        )
        result = call("upsert_company", upsert_company.sync, request_options, client=self._client, body=body)
        return expect("upsert_company", result, CompanyResponse)

    def get_company(self, company_id: str, *, request_options: Options = None) -> CompanyResponse:
        result = call(
            "get_company", get_company.sync, request_options, client=self._client, company_id=company_id
        )
        return expect("get_company", result, CompanyResponse)

    def list_companies(
        self,
        limit: int | None = None,
        offset: int | None = None,
        q: str | None = None,
        *,
        credit_type_ids: str | Sequence[str] | None = None,
        has_scheduled_downgrade: bool | None = None,
        ids: str | Sequence[str] | None = None,
        monetized_subscriptions: bool | None = None,
        plan_id: str | None = None,
        plan_ids: str | Sequence[str] | None = None,
        plan_version_id: str | None = None,
        plan_version_ids: str | Sequence[str] | None = None,
        plan_version_unpublished: bool | None = None,
        sort_order_column: str | None = None,
        sort_order_direction: str | None = None,
        subscription_statuses: str | Sequence[str] | None = None,
        subscription_types: str | Sequence[str] | None = None,
        with_entitlement_for: str | None = None,
        without_feature_override_for: str | None = None,
        without_plan: bool | None = None,
        without_subscription: bool | None = None,
        with_subscription: bool | None = None,
        request_options: Options = None,
    ) -> ListCompaniesResponse:
        """One page; every filter left ``None`` stays off the query, as in the official SDK."""
        query = list_query(
            limit,
            offset,
            q,
            credit_type_ids=credit_type_ids,
            has_scheduled_downgrade=has_scheduled_downgrade,
            ids=ids,
            monetized_subscriptions=monetized_subscriptions,
            plan_id=plan_id,
            plan_ids=plan_ids,
            plan_version_id=plan_version_id,
            plan_version_ids=plan_version_ids,
            plan_version_unpublished=plan_version_unpublished,
            sort_order_column=sort_order_column,
            sort_order_direction=sort_order_direction,
            subscription_statuses=subscription_statuses,
            subscription_types=subscription_types,
            with_entitlement_for=with_entitlement_for,
            without_feature_override_for=without_feature_override_for,
            without_plan=without_plan,
            without_subscription=without_subscription,
            with_subscription=with_subscription,
        )
        result = call("list_companies", list_companies.sync, request_options, client=self._client, **query)
        return expect("list_companies", result, ListCompaniesResponse)

    def iter_companies(self, q: str | None = None) -> Iterator[CompanyDetail]:
        """Every company, fetching a page only when the previous one is consumed."""

        def fetch(cursor: str | None) -> tuple[ListCompaniesResponse, int]:
            return self.list_companies(PAGE_SIZE, _offset(cursor), q), _offset(cursor)

        return paginate(
            fetch, lambda page: page[0].data, lambda page: _next(*page), operation="list_companies"
        )

    def upsert_user(
        self,
        keys: Mapping[str, str],
        name: str | None = None,
        traits: Mapping[str, Any] | None = None,
        company: Mapping[str, str] | None = None,
        *,
        companies: Sequence[Mapping[str, str]] | None = None,
        company_id: str | None = None,
        company_ids: Sequence[str] | None = None,
        id: str | None = None,
        last_seen_at: datetime | None = None,
        remove_keys: Sequence[str] | None = None,
        update_only: bool | None = None,
        request_options: Options = None,
    ) -> UserResponse:
        """Create the user or update the one any of ``keys`` names (``None`` leaves a field out)."""
        body = user_body(
            keys,
            name,
            traits,
            company,
            companies=companies,
            company_id=company_id,
            company_ids=company_ids,
            id=id,
            last_seen_at=last_seen_at,
            remove_keys=remove_keys,
            update_only=update_only,
        )
        result = call("upsert_user", upsert_user.sync, request_options, client=self._client, body=body)
        return expect("upsert_user", result, UserResponse)

    def get_user(self, user_id: str, *, request_options: Options = None) -> UserResponse:
        result = call("get_user", get_user.sync, request_options, client=self._client, user_id=user_id)
        return expect("get_user", result, UserResponse)


# At the bottom: the async twin builds on this module's helpers.
from clientsuite.schematic.async_companies import AsyncCompanies  # noqa: E402
