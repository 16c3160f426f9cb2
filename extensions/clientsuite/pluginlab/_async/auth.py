"""Token verification and members (``app.get_auth()``)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from typing import TYPE_CHECKING, Any

from clientsuite.pluginlab import members
from clientsuite.pluginlab.members import PaginatedMembers
from clientsuite.pluginlab.settings import Settings
from clientsuite.runtime.calls import Options, acall, expect
from clientsuite.runtime.lazy import lazy
from clientsuite.runtime.sides import attach_async

if TYPE_CHECKING:
    from pluginlab_auth_api import models
    from pluginlab_auth_api.api.members import (
        create_member,
        delete_member,
        get_member,
        get_member_by_email,
        get_member_identities,
        list_members,
        update_member,
    )
    from pluginlab_auth_api.models import Identities, Member

    from clientsuite import errors
    from clientsuite.pluginlab.tokens import TokenPayload
else:  # the models package and each operation module load on first use
    models = lazy("pluginlab_auth_api", "models")
    errors = lazy("clientsuite", "errors")
    (
        create_member,
        delete_member,
        get_member,
        get_member_by_email,
        get_member_identities,
        list_members,
        update_member,
    ) = lazy(
        "pluginlab_auth_api.api.members",
        "create_member",
        "delete_member",
        "get_member",
        "get_member_by_email",
        "get_member_identities",
        "list_members",
        "update_member",
    )

PACKAGE = "pluginlab_auth_api"


class AsyncAppAuth:
    """Token verification and members: the official ``AppAuth``'s methods, same arguments."""

    def __init__(self, settings: Settings) -> None:
        self.plugin_id = settings.plugin_id
        from pluginlab_auth_api.client import Client  # the generated client: loaded when one is built

        self._client = attach_async(
            Client(base_url=settings.auth_url), settings.config(settings.auth_url, PACKAGE)
        )
        keys = settings.signing_keys

        async def pinned() -> Mapping[str, Any]:
            assert keys is not None
            return keys

        self._source = settings.key_source()
        fetch = pinned if keys is not None else self._source.afetch
        from clientsuite.pluginlab.tokens import AsyncTokenVerifier  # the verifier: loaded when one is built

        self._verifier = AsyncTokenVerifier(fetch, settings.audience, ttl=settings.key_ttl)

    async def _call(
        self, operation: str, function: Callable[..., Any], options: Options, **kwargs: Any
    ) -> Any:
        """Every members call goes to this plugin, on this service's client."""
        return await acall(
            operation, function, options, client=self._client, plugin_id=self.plugin_id, **kwargs
        )

    async def verify_token(self, token: str) -> TokenPayload:
        """The payload of a genuine, unexpired token for this plugin; else an ``InvalidTokenError``."""
        return await self._verifier.verify(token)

    async def get_member_by_email(self, email: str, *, request_options: Options = None) -> Member | None:
        try:
            result = await self._call(
                "get_member_by_email", get_member_by_email.asyncio, request_options, email=email
            )
        except errors.NotFoundError:
            return None
        return expect("get_member_by_email", result, models.Member)

    async def get_member_by_id(self, id: str, *, request_options: Options = None) -> Member | None:
        try:
            result = await self._call("get_member", get_member.asyncio, request_options, member_id=id)
        except errors.NotFoundError:
            return None
        return expect("get_member", result, models.Member)

    async def get_members(
        self, limit: int = 50, start_after: str | None = None, *, request_options: Options = None
    ) -> PaginatedMembers:
        result = await self._call(
            "list_members",
            list_members.asyncio,
            request_options,
            limit=members.limit(limit),
            start_after=start_after or None,
        )
        return members.page(expect("list_members", result, models.MemberList))

    def iter_members(self, limit: int = 100) -> AsyncIterator[Member]:
        """Every member, a page at a time, fetched only as the iteration reaches it."""

        async def fetch(cursor: str | None) -> PaginatedMembers:
            return await self.get_members(limit, cursor)

        from clientsuite.runtime.pagination import apaginate

        return apaginate(
            fetch, lambda page: page.items, lambda page: page.next_page_cursor, operation="list_members"
        )

    async def get_member_identities(self, id: str, *, request_options: Options = None) -> Identities:
        result = await self._call(
            "get_member_identities", get_member_identities.asyncio, request_options, member_id=id
        )
        return expect("get_member_identities", result, models.Identities)

    async def create_member(
        self,
        email: str,
        password: str,
        is_verified: bool | None = None,
        metadata: Mapping[str, str] | None = None,
        *,
        request_options: Options = None,
    ) -> Member:
        body = members.create_body(email, password, is_verified, metadata)
        result = await self._call("create_member", create_member.asyncio, request_options, body=body)
        return expect("create_member", result, models.Member)

    async def update_member(
        self,
        id: str,
        name: str | None = None,
        given_name: str | None = None,
        family_name: str | None = None,
        picture_url: str | None = None,
        metadata: Mapping[str, str] | None = None,
        *,
        request_options: Options = None,
    ) -> Member:
        body = members.update_body(
            name=name,
            given_name=given_name,
            family_name=family_name,
            picture_url=picture_url,
            metadata=metadata,
        )
        result = await self._call(
            "update_member", update_member.asyncio, request_options, member_id=id, body=body
        )
        return expect("update_member", result, models.Member)

    async def delete_member(self, id: str, *, request_options: Options = None) -> None:
        await self._call("delete_member", delete_member.asyncio_detailed, request_options, member_id=id)

    async def aclose(self) -> None:
        await self._client.get_async_httpx_client().aclose()
        await self._source.aclose()
