"""``App`` and ``AsyncApp``: the official admin SDK's API over the three generated PluginLab clients.

``App(secret_key, plugin_id).get_auth()`` / ``get_monetization()`` / ``get_event()`` as in the
reference. Request bodies and checks are built by the functions at the top, shared by the sync and
async services, which only send.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Any

import attrs
import httpx
import pluginlab_auth_api
import pluginlab_events_api
import pluginlab_monetization_api
from pluginlab_auth_api.api.keys import get_signing_keys
from pluginlab_auth_api.api.members import (
    create_member,
    delete_member,
    get_member,
    get_member_by_email,
    get_member_identities,
    list_members,
    update_member,
)
from pluginlab_auth_api.models import (
    CreateMemberBody,
    CreateMemberBodyMetadata,
    Identities,
    Jwks,
    Member,
    MemberList,
    UpdateMemberBody,
    UpdateMemberBodyMetadata,
)
from pluginlab_auth_api.types import UNSET
from pluginlab_events_api.api.events import create_custom_event
from pluginlab_events_api.models import CustomEventBody, CustomEventResult
from pluginlab_events_api.models import EventLocation as EventLocationBody
from pluginlab_events_api.types import UNSET as EVENTS_UNSET  # each generated package has its own
from pluginlab_monetization_api.api.quota import get_member_quota_usage
from pluginlab_monetization_api.models import QuotaUsage

from clientsuite.errors import NotFoundError
from clientsuite.pluginlab.tokens import AsyncTokenVerifier, TokenPayload, TokenVerifier
from clientsuite.redaction import Secret, check_secret
from clientsuite.runtime import (
    ClientConfig,
    Hooks,
    acall,
    apaginate,
    attach,
    call,
    expect,
    paginate,
    user_clients,
)
from clientsuite.runtime.calls import Options
from clientsuite.runtime.credentials import SecretHeaders

AUTH_URL = "https://auth.pluginlab.ai"
MONETIZATION_URL = "https://monetization.pluginlab.ai/v1"
EVENT_URL = "https://event.pluginlab.ai"
MAX_EVENT_SOURCE = 10


@attrs.frozen
class EventLocation:
    country_code: str
    subdivision_code: str | None = None


@attrs.frozen
class PaginatedMembers:
    items: list[Member]
    total: int
    next_page_cursor: str | None


# -- request building, shared by sync and async ----------------------------------------------------


def _limit(limit: int) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 100:
        raise ValueError("limit must be an integer from 1 to 100")
    return limit


def _page(result: MemberList) -> PaginatedMembers:
    cursor = result.next_page_token if isinstance(result.next_page_token, str) else None
    return PaginatedMembers(items=list(result.items), total=result.total, next_page_cursor=cursor or None)


def _create_body(
    email: str, password: str, is_verified: bool | None, metadata: Mapping[str, str] | None
) -> Any:
    if not email or not password:
        raise ValueError("email and password are required")
    return CreateMemberBody(
        email=email,
        password=password,
        is_verified=is_verified if is_verified is not None else UNSET,
        metadata=CreateMemberBodyMetadata.from_dict(dict(metadata)) if metadata is not None else UNSET,
    )


def _update_body(**fields: Any) -> Any:
    """Only the fields given are sent; ``None`` means "leave as is", like the official SDK."""
    metadata = fields.pop("metadata")
    given = {name: value for name, value in fields.items() if value is not None}
    if metadata is not None:
        given["metadata"] = UpdateMemberBodyMetadata.from_dict(dict(metadata))
    return UpdateMemberBody(**given)


def _event_body(
    event_source: str, member_id: str | None, location: EventLocation | None, is_in_quota: bool | None
) -> Any:
    if not isinstance(event_source, str) or not event_source:
        raise ValueError("event_source is required")
    if len(event_source) > MAX_EVENT_SOURCE:
        raise ValueError(
            f"event_source is {len(event_source)} characters long, the limit is {MAX_EVENT_SOURCE}"
        )
    body_location: Any = EVENTS_UNSET
    if location is not None:
        subdivision = location.subdivision_code if location.subdivision_code is not None else EVENTS_UNSET
        body_location = EventLocationBody(country_code=location.country_code, subdivision_code=subdivision)
    return CustomEventBody(
        event_source=event_source,
        member_id=member_id if member_id is not None else EVENTS_UNSET,
        location=body_location,
        is_in_quota=is_in_quota if is_in_quota is not None else EVENTS_UNSET,
    )


@attrs.frozen
class _Settings:
    """Everything that shapes the three HTTP clients of an app."""

    secret_key: Secret
    plugin_id: str
    auth_url: str = AUTH_URL
    monetization_url: str = MONETIZATION_URL
    event_url: str = EVENT_URL
    timeout: float = 60.0
    max_retries: int = 2
    hooks: Hooks | Mapping[str, Any] | None = None
    offline: bool = False
    http_client: httpx.Client | httpx.AsyncClient | None = None

    def config(self, base_url: str, package: str) -> ClientConfig:
        return ClientConfig(
            base_url,
            package=package,
            headers={"X-PluginLab-Plugin-Id": self.plugin_id},
            auth=SecretHeaders({"X-PluginLab-Admin-Sdk-Secret": self.secret_key}),
            timeout=self.timeout,
            max_retries=self.max_retries,
            hooks=self.hooks,
            offline=self.offline,
            **user_clients(self.http_client),
        )

    def attach(self, cls: Any, base_url: str, package: str, is_async: bool) -> Any:
        config = self.config(base_url, package)
        return attach(cls(base_url=base_url), config, sync=not is_async, asynchronous=is_async)


# -- sync ----------------------------------------------------------------------------------------


class AppAuth:
    """Token verification and members (sync)."""

    def __init__(self, settings: _Settings, signing_keys: Mapping[str, Any] | None, key_ttl: float) -> None:
        self.plugin_id = settings.plugin_id
        self._client = settings.attach(
            pluginlab_auth_api.Client, settings.auth_url, "pluginlab_auth_api", False
        )
        fetch = (lambda: signing_keys) if signing_keys is not None else self._fetch_keys
        self._verifier = TokenVerifier(fetch, f"plugin:{self.plugin_id}:admin", ttl=key_ttl)

    def _fetch_keys(self) -> Mapping[str, Any]:
        return expect(
            "get_signing_keys", call("get_signing_keys", get_signing_keys.sync, client=self._client), Jwks
        ).to_dict()

    def verify_token(self, token: str) -> TokenPayload:
        """The payload of a genuine, unexpired token for this plugin; else an ``InvalidTokenError``."""
        return self._verifier.verify(token)

    def get_member_by_email(self, email: str, *, request_options: Options = None) -> Member | None:
        try:
            result = call(
                "get_member_by_email",
                get_member_by_email.sync,
                request_options,
                client=self._client,
                plugin_id=self.plugin_id,
                email=email,
            )
        except NotFoundError:
            return None
        return expect("get_member_by_email", result, Member)

    def get_member_by_id(self, id: str, *, request_options: Options = None) -> Member | None:
        try:
            result = call(
                "get_member",
                get_member.sync,
                request_options,
                client=self._client,
                plugin_id=self.plugin_id,
                member_id=id,
            )
        except NotFoundError:
            return None
        return expect("get_member", result, Member)

    def get_members(
        self, limit: int = 50, start_after: str | None = None, *, request_options: Options = None
    ) -> PaginatedMembers:
        result = call(
            "list_members",
            list_members.sync,
            request_options,
            client=self._client,
            plugin_id=self.plugin_id,
            limit=_limit(limit),
            start_after=start_after or UNSET,
        )
        return _page(expect("list_members", result, MemberList))

    def iter_members(self, limit: int = 100) -> Iterator[Member]:
        """Every member, a page at a time, fetched only as the iteration reaches it."""
        return paginate(
            lambda cursor: self.get_members(limit, cursor),
            lambda page: page.items,
            lambda page: page.next_page_cursor,
            operation="list_members",
        )

    def get_member_identities(self, member_id: str, *, request_options: Options = None) -> Identities:
        result = call(
            "get_member_identities",
            get_member_identities.sync,
            request_options,
            client=self._client,
            plugin_id=self.plugin_id,
            member_id=member_id,
        )
        return expect("get_member_identities", result, Identities)

    def create_member(
        self,
        email: str,
        password: str,
        is_verified: bool | None = None,
        metadata: Mapping[str, str] | None = None,
        *,
        request_options: Options = None,
    ) -> Member:
        body = _create_body(email, password, is_verified, metadata)
        result = call(
            "create_member",
            create_member.sync,
            request_options,
            client=self._client,
            plugin_id=self.plugin_id,
            body=body,
        )
        return expect("create_member", result, Member)

    def update_member(
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
        body = _update_body(
            name=name,
            given_name=given_name,
            family_name=family_name,
            picture_url=picture_url,
            metadata=metadata,
        )
        result = call(
            "update_member",
            update_member.sync,
            request_options,
            client=self._client,
            plugin_id=self.plugin_id,
            member_id=id,
            body=body,
        )
        return expect("update_member", result, Member)

    def delete_member(self, id: str, *, request_options: Options = None) -> None:
        call(
            "delete_member",
            delete_member.sync_detailed,
            request_options,
            client=self._client,
            plugin_id=self.plugin_id,
            member_id=id,
        )

    def close(self) -> None:
        self._client.get_httpx_client().close()


class AppMonetization:
    def __init__(self, settings: _Settings) -> None:
        self._client = settings.attach(
            pluginlab_monetization_api.Client, settings.monetization_url, "pluginlab_monetization_api", False
        )

    def get_member_quota_usage(self, member_id: str, *, request_options: Options = None) -> QuotaUsage:
        result = call(
            "get_member_quota_usage",
            get_member_quota_usage.sync,
            request_options,
            client=self._client,
            member_id=member_id,
        )
        return expect("get_member_quota_usage", result, QuotaUsage)

    def close(self) -> None:
        self._client.get_httpx_client().close()


class AppEvent:
    def __init__(self, settings: _Settings) -> None:
        self._client = settings.attach(
            pluginlab_events_api.Client, settings.event_url, "pluginlab_events_api", False
        )

    def create_custom(
        self,
        event_source: str,
        member_id: str | None = None,
        location: EventLocation | None = None,
        is_in_quota: bool | None = None,
        *,
        request_options: Options = None,
    ) -> CustomEventResult:
        body = _event_body(event_source, member_id, location, is_in_quota)
        result = call(
            "create_custom_event", create_custom_event.sync, request_options, client=self._client, body=body
        )
        return expect("create_custom_event", result, CustomEventResult)

    def close(self) -> None:
        self._client.get_httpx_client().close()


class _AppBase:
    def __init__(
        self,
        secret_key: str,
        plugin_id: str,
        *,
        auth_url: str = AUTH_URL,
        monetization_url: str = MONETIZATION_URL,
        event_url: str = EVENT_URL,
        timeout: float = 60.0,
        max_retries: int = 2,
        hooks: Hooks | Mapping[str, Any] | None = None,
        offline: bool = False,
        http_client: httpx.Client | httpx.AsyncClient | None = None,
        signing_keys: Mapping[str, Any] | None = None,
        key_ttl: float = 300.0,
    ) -> None:
        if not secret_key and not offline:
            raise ValueError("secret_key is required")
        secret_key = check_secret(secret_key, "secret_key", allow_empty=True)
        if not plugin_id:
            raise ValueError("plugin_id is required")
        self.plugin_id = plugin_id
        self._settings = _Settings(
            Secret(secret_key),
            plugin_id,
            auth_url,
            monetization_url,
            event_url,
            timeout,
            max_retries,
            hooks,
            offline,
            http_client,
        )
        self._signing_keys = signing_keys
        self._key_ttl = key_ttl

    def __repr__(self) -> str:
        return f"{type(self).__name__}(plugin_id={self.plugin_id!r})"


class App(_AppBase):
    """The PluginLab admin app (sync). ``signing_keys`` pins a JWKS instead of fetching it."""

    _auth: AppAuth | None = None
    _monetization: AppMonetization | None = None
    _event: AppEvent | None = None

    def get_auth(self) -> AppAuth:
        self._auth = self._auth or AppAuth(self._settings, self._signing_keys, self._key_ttl)
        return self._auth

    def get_monetization(self) -> AppMonetization:
        self._monetization = self._monetization or AppMonetization(self._settings)
        return self._monetization

    def get_event(self) -> AppEvent:
        self._event = self._event or AppEvent(self._settings)
        return self._event

    def close(self) -> None:
        for service in (self._auth, self._monetization, self._event):
            if service is not None:
                service.close()


# -- async ---------------------------------------------------------------------------------------


class AsyncAppAuth:
    """Token verification and members (async)."""

    def __init__(self, settings: _Settings, signing_keys: Mapping[str, Any] | None, key_ttl: float) -> None:
        self.plugin_id = settings.plugin_id
        self._client = settings.attach(
            pluginlab_auth_api.Client, settings.auth_url, "pluginlab_auth_api", True
        )

        async def pinned() -> Mapping[str, Any]:
            assert signing_keys is not None
            return signing_keys

        fetch = pinned if signing_keys is not None else self._fetch_keys
        self._verifier = AsyncTokenVerifier(fetch, f"plugin:{self.plugin_id}:admin", ttl=key_ttl)

    async def _fetch_keys(self) -> Mapping[str, Any]:
        result = await acall("get_signing_keys", get_signing_keys.asyncio, client=self._client)
        return expect("get_signing_keys", result, Jwks).to_dict()

    async def verify_token(self, token: str) -> TokenPayload:
        return await self._verifier.verify(token)

    async def get_member_by_email(self, email: str, *, request_options: Options = None) -> Member | None:
        try:
            result = await acall(
                "get_member_by_email",
                get_member_by_email.asyncio,
                request_options,
                client=self._client,
                plugin_id=self.plugin_id,
                email=email,
            )
        except NotFoundError:
            return None
        return expect("get_member_by_email", result, Member)

    async def get_member_by_id(self, id: str, *, request_options: Options = None) -> Member | None:
        try:
            result = await acall(
                "get_member",
                get_member.asyncio,
                request_options,
                client=self._client,
                plugin_id=self.plugin_id,
                member_id=id,
            )
        except NotFoundError:
            return None
        return expect("get_member", result, Member)

    async def get_members(
        self, limit: int = 50, start_after: str | None = None, *, request_options: Options = None
    ) -> PaginatedMembers:
        result = await acall(
            "list_members",
            list_members.asyncio,
            request_options,
            client=self._client,
            plugin_id=self.plugin_id,
            limit=_limit(limit),
            start_after=start_after or UNSET,
        )
        return _page(expect("list_members", result, MemberList))

    def iter_members(self, limit: int = 100) -> AsyncIterator[Member]:
        async def fetch(cursor: str | None) -> PaginatedMembers:
            return await self.get_members(limit, cursor)

        return apaginate(
            fetch, lambda page: page.items, lambda page: page.next_page_cursor, operation="list_members"
        )

    async def get_member_identities(self, member_id: str, *, request_options: Options = None) -> Identities:
        result = await acall(
            "get_member_identities",
            get_member_identities.asyncio,
            request_options,
            client=self._client,
            plugin_id=self.plugin_id,
            member_id=member_id,
        )
        return expect("get_member_identities", result, Identities)

    async def create_member(
        self,
        email: str,
        password: str,
        is_verified: bool | None = None,
        metadata: Mapping[str, str] | None = None,
        *,
        request_options: Options = None,
    ) -> Member:
        body = _create_body(email, password, is_verified, metadata)
        result = await acall(
            "create_member",
            create_member.asyncio,
            request_options,
            client=self._client,
            plugin_id=self.plugin_id,
            body=body,
        )
        return expect("create_member", result, Member)

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
        body = _update_body(
            name=name,
            given_name=given_name,
            family_name=family_name,
            picture_url=picture_url,
            metadata=metadata,
        )
        result = await acall(
            "update_member",
            update_member.asyncio,
            request_options,
            client=self._client,
            plugin_id=self.plugin_id,
            member_id=id,
            body=body,
        )
        return expect("update_member", result, Member)

    async def delete_member(self, id: str, *, request_options: Options = None) -> None:
        await acall(
            "delete_member",
            delete_member.asyncio_detailed,
            request_options,
            client=self._client,
            plugin_id=self.plugin_id,
            member_id=id,
        )

    async def aclose(self) -> None:
        await self._client.get_async_httpx_client().aclose()


class AsyncAppMonetization:
    def __init__(self, settings: _Settings) -> None:
        self._client = settings.attach(
            pluginlab_monetization_api.Client, settings.monetization_url, "pluginlab_monetization_api", True
        )

    async def get_member_quota_usage(self, member_id: str, *, request_options: Options = None) -> QuotaUsage:
        result = await acall(
            "get_member_quota_usage",
            get_member_quota_usage.asyncio,
            request_options,
            client=self._client,
            member_id=member_id,
        )
        return expect("get_member_quota_usage", result, QuotaUsage)

    async def aclose(self) -> None:
        await self._client.get_async_httpx_client().aclose()


class AsyncAppEvent:
    def __init__(self, settings: _Settings) -> None:
        self._client = settings.attach(
            pluginlab_events_api.Client, settings.event_url, "pluginlab_events_api", True
        )

    async def create_custom(
        self,
        event_source: str,
        member_id: str | None = None,
        location: EventLocation | None = None,
        is_in_quota: bool | None = None,
        *,
        request_options: Options = None,
    ) -> CustomEventResult:
        body = _event_body(event_source, member_id, location, is_in_quota)
        result = await acall(
            "create_custom_event",
            create_custom_event.asyncio,
            request_options,
            client=self._client,
            body=body,
        )
        return expect("create_custom_event", result, CustomEventResult)

    async def aclose(self) -> None:
        await self._client.get_async_httpx_client().aclose()


class AsyncApp(_AppBase):
    """The PluginLab admin app for asyncio."""

    _auth: AsyncAppAuth | None = None
    _monetization: AsyncAppMonetization | None = None
    _event: AsyncAppEvent | None = None

    def get_auth(self) -> AsyncAppAuth:
        self._auth = self._auth or AsyncAppAuth(self._settings, self._signing_keys, self._key_ttl)
        return self._auth

    def get_monetization(self) -> AsyncAppMonetization:
        self._monetization = self._monetization or AsyncAppMonetization(self._settings)
        return self._monetization

    def get_event(self) -> AsyncAppEvent:
        self._event = self._event or AsyncAppEvent(self._settings)
        return self._event

    async def aclose(self) -> None:
        for service in (self._auth, self._monetization, self._event):
            if service is not None:
                await service.aclose()
