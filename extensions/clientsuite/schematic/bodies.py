"""Company and user request bodies and the list query: no I/O, shared by both clients.

The facades (``_async/companies.py`` and its generated sync twin) build their requests here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from clientsuite.schematic.events import utc_text

if TYPE_CHECKING:  # the models load with the first request that sends or reads them
    from schematic_api.models import ListCompaniesResponse

__all__ = ["PAGE_SIZE", "company_body", "list_query", "next_cursor", "page_offset", "user_body"]

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
    from schematic_api.models.upsert_company_request_body import UpsertCompanyRequestBody

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
    from schematic_api.models.upsert_user_request_body import UpsertUserRequestBody

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


def page_offset(cursor: str | None) -> int:
    return int(cursor) if cursor else 0


def next_cursor(page: ListCompaniesResponse, offset: int) -> str | None:
    return str(offset + len(page.data)) if len(page.data) >= PAGE_SIZE else None
