"""``client.companies``: upsert and read companies and users, typed with ``schematic_api.models``.

The arguments are the official SDK's; ``keys``, ``name`` and ``traits`` may also be positional.
Edit ``_async/companies.py`` only: ``_sync/companies.py`` is generated from it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from schematic_api import models  # each model loads on first use

from clientsuite.runtime.calls import Options, acall, expect
from clientsuite.runtime.lazy import lazy
from clientsuite.runtime.pagination import apaginate
from clientsuite.schematic.bodies import (
    PAGE_SIZE,
    company_body,
    list_query,
    next_cursor,
    page_offset,
    user_body,
)

if TYPE_CHECKING:
    from schematic_api import Client
    from schematic_api.api.companies import get_company, get_user, list_companies, upsert_company, upsert_user
    from schematic_api.models import CompanyDetail, CompanyResponse, ListCompaniesResponse, UserResponse
else:  # each operation module loads on first use
    get_company, get_user, list_companies, upsert_company, upsert_user = lazy(
        "schematic_api.api.companies",
        "get_company",
        "get_user",
        "list_companies",
        "upsert_company",
        "upsert_user",
    )


class AsyncCompanies:
    """Companies and users; reached as ``client.companies``."""

    def __init__(self, client: Client) -> None:
        self._client = client

    async def upsert_company(
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
        result = await acall(
            "upsert_company", upsert_company.asyncio, request_options, client=self._client, body=body
        )
        return expect("upsert_company", result, models.CompanyResponse)

    async def get_company(self, company_id: str, *, request_options: Options = None) -> CompanyResponse:
        """One company by its Schematic id."""
        result = await acall(
            "get_company", get_company.asyncio, request_options, client=self._client, company_id=company_id
        )
        return expect("get_company", result, models.CompanyResponse)

    async def list_companies(
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
        result = await acall(
            "list_companies", list_companies.asyncio, request_options, client=self._client, **query
        )
        return expect("list_companies", result, models.ListCompaniesResponse)

    def iter_companies(self, q: str | None = None) -> AsyncIterator[CompanyDetail]:
        """Every company, fetching a page only when the previous one is consumed."""

        async def fetch(cursor: str | None) -> tuple[ListCompaniesResponse, int]:
            return await self.list_companies(PAGE_SIZE, page_offset(cursor), q), page_offset(cursor)

        return apaginate(
            fetch, lambda page: page[0].data, lambda page: next_cursor(*page), operation="list_companies"
        )

    async def upsert_user(
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
        result = await acall(
            "upsert_user", upsert_user.asyncio, request_options, client=self._client, body=body
        )
        return expect("upsert_user", result, models.UserResponse)

    async def get_user(self, user_id: str, *, request_options: Options = None) -> UserResponse:
        """One user by its Schematic id."""
        result = await acall(
            "get_user", get_user.asyncio, request_options, client=self._client, user_id=user_id
        )
        return expect("get_user", result, models.UserResponse)
