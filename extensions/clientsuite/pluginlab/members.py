"""Request bodies and pages of the members API, shared by the sync and async auth services."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:  # the models load with the first request that sends or reads them
    from pluginlab_auth_api.models import Member, MemberList


@attrs.frozen
class PaginatedMembers:
    items: list[Member]
    total: int
    next_page_cursor: str | None


def limit(limit: int) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 100:
        raise ValueError("limit must be an integer from 1 to 100")
    return limit


def page(result: MemberList) -> PaginatedMembers:
    cursor = result.next_page_token if isinstance(result.next_page_token, str) else None
    return PaginatedMembers(items=list(result.items), total=result.total, next_page_cursor=cursor or None)


def create_body(
    email: str, password: str, is_verified: bool | None, metadata: Mapping[str, str] | None
) -> Any:
    if not email or not password:
        raise ValueError("email and password are required")
    from pluginlab_auth_api.models.create_member_body import CreateMemberBody

    return CreateMemberBody(
        email=email,
        password=password,
        is_verified=is_verified if is_verified is not None else None,
        metadata=dict(metadata) if metadata is not None else None,
    )


def update_body(**fields: Any) -> Any:
    """Only the fields given are sent; ``None`` means "leave as is", like the official SDK."""
    from pluginlab_auth_api.models.update_member_body import UpdateMemberBody

    metadata = fields.pop("metadata")
    given = {name: value for name, value in fields.items() if value is not None}
    if metadata is not None:
        given["metadata"] = dict(metadata)
    return UpdateMemberBody(**given)
