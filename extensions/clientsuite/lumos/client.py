"""``ConnectorClient`` and ``AsyncConnectorClient``: one typed method per Lumos capability.

Every capability is a ``POST /{capability}`` with the same request envelope; the table below ties
each one to its generated operation and models, and both clients build envelopes the same way.
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator, Iterator, Mapping
from types import ModuleType
from typing import Any, Self, TypeVar

import attrs
import httpx
from lumos_api import Client
from lumos_api import models as m

from clientsuite.lumos.errors import NotImplementedCapability, effective_status, raise_for_envelope
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

T = TypeVar("T")
Payload = Mapping[str, Any] | Any | None


@attrs.frozen
class Capability:
    name: str
    operation: ModuleType
    request: type[Any]
    response: type[Any]


def _capability(name: str) -> Capability:
    camel = "".join(part.title() for part in name.split("_"))
    operation = importlib.import_module(f"lumos_api.api.capabilities.{name}")
    return Capability(name, operation, getattr(m, f"{camel}Request"), getattr(m, f"{camel}Response"))


CAPABILITIES = {
    name: _capability(name)
    for name in (
        "info",
        "app_info",
        "validate_credentials",
        "list_accounts",
        "get_account",
        "create_account",
        "update_account",
        "activate_account",
        "deactivate_account",
        "delete_account",
        "list_resources",
        "list_entitlements",
        "find_entitlement_associations",
        "assign_entitlement",
        "unassign_entitlement",
        "get_last_activity",
        "get_authorization_url",
        "handle_authorization_callback",
        "handle_client_credentials_request",
        "refresh_access_token",
    )
}
ALWAYS_AVAILABLE = frozenset({"info"})


def _dict(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if hasattr(value, "to_dict"):
        return dict(value.to_dict())
    return dict(value)


class _ConnectorBase:
    def __init__(
        self,
        base_url: str,
        *,
        auth: Mapping[str, Any] | None = None,
        settings: Mapping[str, Any] | None = None,
        credentials: Mapping[str, Any] | None = None,
        connector_id: str | None = None,
        gateway_token: str | None = None,
        include_raw_data: bool = False,
        check_capabilities: bool = True,
        timeout: float = 60.0,
        max_retries: int = 2,
        hooks: Hooks | Mapping[str, Any] | None = None,
        offline: bool = False,
        http_client: httpx.Client | httpx.AsyncClient | None = None,
        http_auth: httpx.Auth | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/") + (f"/{connector_id}" if connector_id else "")
        self._auth = dict(auth) if auth is not None else None
        self.settings = dict(settings or {})
        self._credentials = dict(credentials) if credentials is not None else None
        self.include_raw_data = include_raw_data
        self.check_capabilities = check_capabilities
        self._capabilities: frozenset[str] | None = None
        user = hooks if isinstance(hooks, Hooks) else Hooks(**(hooks or {}))
        own = Hooks(
            before_request=user.before_request,
            after_response=[raise_for_envelope, *user.after_response],
            on_error=user.on_error,
        )
        self._config = ClientConfig(
            self.base_url,
            package="lumos_api",
            auth=http_auth,
            headers={"Authorization": f"Bearer {gateway_token}"} if gateway_token else {},
            timeout=timeout,
            max_retries=max_retries,
            hooks=own,
            offline=offline,
            classify=effective_status,
            **user_clients(http_client),
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    def _envelope(
        self, capability: Capability, payload: Payload, page: Payload, include_raw_data: bool | None
    ) -> Any:
        data: dict[str, Any] = {"request": _dict(payload), "settings": self.settings}
        if self._auth is not None:
            data["auth"] = self._auth
        if self._credentials is not None:
            data["credentials"] = self._credentials
        if page is not None:
            data["page"] = _dict(page)
        data["include_raw_data"] = self.include_raw_data if include_raw_data is None else include_raw_data
        try:
            return capability.request.from_dict(data)
        except KeyError as missing:
            raise ValueError(
                f"{capability.name} needs the field {missing.args[0]!r}; nothing was sent"
            ) from None
        except (TypeError, ValueError, AttributeError) as error:
            raise ValueError(f"invalid {capability.name} request: {error}; nothing was sent") from None

    def _require(self, name: str) -> None:
        if self._capabilities is not None and name not in self._capabilities and name not in ALWAYS_AVAILABLE:
            raise NotImplementedCapability(f"the connector does not implement {name!r}")


def _page_token(result: Any) -> str | None:
    page = getattr(result, "page", None)
    token = getattr(page, "token", None)
    return token if isinstance(token, str) and token else None


class ConnectorClient(_ConnectorBase):
    """Calls one connector (sync). ``auth``/``settings`` go into every request envelope."""

    def __init__(self, base_url: str, **options: Any) -> None:
        super().__init__(base_url, **options)
        self._client = attach(Client(base_url=self.base_url), self._config, asynchronous=False)

    def _call(
        self, name: str, payload: Payload = None, page: Payload = None, include_raw_data: bool | None = None
    ) -> Any:
        capability = CAPABILITIES[name]
        if self.check_capabilities and name not in ALWAYS_AVAILABLE:
            if self._capabilities is None:
                self.info()
            self._require(name)
        body = self._envelope(capability, payload, page, include_raw_data)
        result = call(name, capability.operation.sync, client=self._client, body=body)
        return expect(name, result, capability.response)

    def info(self) -> m.InfoResponse:
        """The connector's description; remembers which capabilities it implements."""
        result: m.InfoResponse = self._call("info")
        self._capabilities = frozenset(result.response.capabilities)
        return result

    def app_info(self, request: Payload = None, *, include_raw_data: bool | None = None) -> m.AppInfoResponse:
        return self._call("app_info", request, None, include_raw_data)  # type: ignore[no-any-return]

    def validate_credentials(
        self, request: Payload = None, *, include_raw_data: bool | None = None
    ) -> m.ValidateCredentialsResponse:
        return self._call("validate_credentials", request, None, include_raw_data)  # type: ignore[no-any-return]

    def list_accounts(
        self, request: Payload = None, *, page: Payload = None, include_raw_data: bool | None = None
    ) -> m.ListAccountsResponse:
        return self._call("list_accounts", request, page, include_raw_data)  # type: ignore[no-any-return]

    def get_account(self, request: Payload, *, include_raw_data: bool | None = None) -> m.GetAccountResponse:
        return self._call("get_account", request, None, include_raw_data)  # type: ignore[no-any-return]

    def create_account(
        self, request: Payload, *, include_raw_data: bool | None = None
    ) -> m.CreateAccountResponse:
        return self._call("create_account", request, None, include_raw_data)  # type: ignore[no-any-return]

    def update_account(
        self, request: Payload, *, include_raw_data: bool | None = None
    ) -> m.UpdateAccountResponse:
        return self._call("update_account", request, None, include_raw_data)  # type: ignore[no-any-return]

    def activate_account(
        self, request: Payload, *, include_raw_data: bool | None = None
    ) -> m.ActivateAccountResponse:
        return self._call("activate_account", request, None, include_raw_data)  # type: ignore[no-any-return]

    def deactivate_account(
        self, request: Payload, *, include_raw_data: bool | None = None
    ) -> m.DeactivateAccountResponse:
        return self._call("deactivate_account", request, None, include_raw_data)  # type: ignore[no-any-return]

    def delete_account(
        self, request: Payload, *, include_raw_data: bool | None = None
    ) -> m.DeleteAccountResponse:
        return self._call("delete_account", request, None, include_raw_data)  # type: ignore[no-any-return]

    def list_resources(
        self, request: Payload = None, *, page: Payload = None, include_raw_data: bool | None = None
    ) -> m.ListResourcesResponse:
        return self._call("list_resources", request, page, include_raw_data)  # type: ignore[no-any-return]

    def list_entitlements(
        self, request: Payload = None, *, page: Payload = None, include_raw_data: bool | None = None
    ) -> m.ListEntitlementsResponse:
        return self._call("list_entitlements", request, page, include_raw_data)  # type: ignore[no-any-return]

    def find_entitlement_associations(
        self, request: Payload = None, *, page: Payload = None, include_raw_data: bool | None = None
    ) -> m.FindEntitlementAssociationsResponse:
        return self._call("find_entitlement_associations", request, page, include_raw_data)  # type: ignore[no-any-return]

    def assign_entitlement(
        self, request: Payload, *, include_raw_data: bool | None = None
    ) -> m.AssignEntitlementResponse:
        return self._call("assign_entitlement", request, None, include_raw_data)  # type: ignore[no-any-return]

    def unassign_entitlement(
        self, request: Payload, *, include_raw_data: bool | None = None
    ) -> m.UnassignEntitlementResponse:
        return self._call("unassign_entitlement", request, None, include_raw_data)  # type: ignore[no-any-return]

    def get_last_activity(
        self, request: Payload, *, include_raw_data: bool | None = None
    ) -> m.GetLastActivityResponse:
        return self._call("get_last_activity", request, None, include_raw_data)  # type: ignore[no-any-return]

    def get_authorization_url(
        self, request: Payload, *, include_raw_data: bool | None = None
    ) -> m.GetAuthorizationUrlResponse:
        return self._call("get_authorization_url", request, None, include_raw_data)  # type: ignore[no-any-return]

    def handle_authorization_callback(
        self, request: Payload, *, include_raw_data: bool | None = None
    ) -> m.HandleAuthorizationCallbackResponse:
        return self._call("handle_authorization_callback", request, None, include_raw_data)  # type: ignore[no-any-return]

    def handle_client_credentials_request(
        self, request: Payload, *, include_raw_data: bool | None = None
    ) -> m.HandleClientCredentialsRequestResponse:
        return self._call("handle_client_credentials_request", request, None, include_raw_data)  # type: ignore[no-any-return]

    def refresh_access_token(
        self, request: Payload, *, include_raw_data: bool | None = None
    ) -> m.RefreshAccessTokenResponse:
        return self._call("refresh_access_token", request, None, include_raw_data)  # type: ignore[no-any-return]

    def _iter(self, name: str, request: Payload, page_size: int | None) -> Iterator[Any]:
        def fetch(token: str | None) -> Any:
            page = {k: v for k, v in (("token", token), ("size", page_size)) if v is not None} or None
            return self._call(name, request, page)

        return paginate(fetch, lambda result: result.response, _page_token, operation=name)

    def iter_accounts(
        self, request: Payload = None, *, page_size: int | None = None
    ) -> Iterator[m.FoundAccountData]:
        """Every account, following ``page.token`` lazily."""
        return self._iter("list_accounts", request, page_size)

    def iter_resources(
        self, request: Payload = None, *, page_size: int | None = None
    ) -> Iterator[m.FoundResourceData]:
        return self._iter("list_resources", request, page_size)

    def iter_entitlements(
        self, request: Payload = None, *, page_size: int | None = None
    ) -> Iterator[m.FoundEntitlementData]:
        return self._iter("list_entitlements", request, page_size)

    def close(self) -> None:
        self._client.get_httpx_client().close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncConnectorClient(_ConnectorBase):
    """Calls one connector (asyncio); the same capabilities, awaited."""

    def __init__(self, base_url: str, **options: Any) -> None:
        super().__init__(base_url, **options)
        self._client = attach(Client(base_url=self.base_url), self._config, sync=False)

    async def _call(
        self, name: str, payload: Payload = None, page: Payload = None, include_raw_data: bool | None = None
    ) -> Any:
        capability = CAPABILITIES[name]
        if self.check_capabilities and name not in ALWAYS_AVAILABLE:
            if self._capabilities is None:
                await self.info()
            self._require(name)
        body = self._envelope(capability, payload, page, include_raw_data)
        result = await acall(name, capability.operation.asyncio, client=self._client, body=body)
        return expect(name, result, capability.response)

    async def info(self) -> m.InfoResponse:
        result: m.InfoResponse = await self._call("info")
        self._capabilities = frozenset(result.response.capabilities)
        return result

    async def call(
        self,
        capability: str,
        request: Payload = None,
        *,
        page: Payload = None,
        include_raw_data: bool | None = None,
    ) -> Any:
        """Any capability by name, e.g. ``await client.call("assign_entitlement", {...})``."""
        if capability not in CAPABILITIES:
            raise ValueError(f"unknown capability {capability!r}")
        return await self._call(capability, request, page, include_raw_data)

    async def app_info(
        self, request: Payload = None, *, include_raw_data: bool | None = None
    ) -> m.AppInfoResponse:
        return await self._call("app_info", request, None, include_raw_data)  # type: ignore[no-any-return]

    async def validate_credentials(
        self, request: Payload = None, *, include_raw_data: bool | None = None
    ) -> m.ValidateCredentialsResponse:
        return await self._call("validate_credentials", request, None, include_raw_data)  # type: ignore[no-any-return]

    async def list_accounts(
        self, request: Payload = None, *, page: Payload = None, include_raw_data: bool | None = None
    ) -> m.ListAccountsResponse:
        return await self._call("list_accounts", request, page, include_raw_data)  # type: ignore[no-any-return]

    async def get_account(
        self, request: Payload, *, include_raw_data: bool | None = None
    ) -> m.GetAccountResponse:
        return await self._call("get_account", request, None, include_raw_data)  # type: ignore[no-any-return]

    async def create_account(
        self, request: Payload, *, include_raw_data: bool | None = None
    ) -> m.CreateAccountResponse:
        return await self._call("create_account", request, None, include_raw_data)  # type: ignore[no-any-return]

    async def update_account(
        self, request: Payload, *, include_raw_data: bool | None = None
    ) -> m.UpdateAccountResponse:
        return await self._call("update_account", request, None, include_raw_data)  # type: ignore[no-any-return]

    async def activate_account(
        self, request: Payload, *, include_raw_data: bool | None = None
    ) -> m.ActivateAccountResponse:
        return await self._call("activate_account", request, None, include_raw_data)  # type: ignore[no-any-return]

    async def deactivate_account(
        self, request: Payload, *, include_raw_data: bool | None = None
    ) -> m.DeactivateAccountResponse:
        return await self._call("deactivate_account", request, None, include_raw_data)  # type: ignore[no-any-return]

    async def delete_account(
        self, request: Payload, *, include_raw_data: bool | None = None
    ) -> m.DeleteAccountResponse:
        return await self._call("delete_account", request, None, include_raw_data)  # type: ignore[no-any-return]

    async def list_resources(
        self, request: Payload = None, *, page: Payload = None, include_raw_data: bool | None = None
    ) -> m.ListResourcesResponse:
        return await self._call("list_resources", request, page, include_raw_data)  # type: ignore[no-any-return]

    async def list_entitlements(
        self, request: Payload = None, *, page: Payload = None, include_raw_data: bool | None = None
    ) -> m.ListEntitlementsResponse:
        return await self._call("list_entitlements", request, page, include_raw_data)  # type: ignore[no-any-return]

    async def find_entitlement_associations(
        self, request: Payload = None, *, page: Payload = None, include_raw_data: bool | None = None
    ) -> m.FindEntitlementAssociationsResponse:
        return await self._call("find_entitlement_associations", request, page, include_raw_data)  # type: ignore[no-any-return]

    async def assign_entitlement(
        self, request: Payload, *, include_raw_data: bool | None = None
    ) -> m.AssignEntitlementResponse:
        return await self._call("assign_entitlement", request, None, include_raw_data)  # type: ignore[no-any-return]

    async def unassign_entitlement(
        self, request: Payload, *, include_raw_data: bool | None = None
    ) -> m.UnassignEntitlementResponse:
        return await self._call("unassign_entitlement", request, None, include_raw_data)  # type: ignore[no-any-return]

    async def get_last_activity(
        self, request: Payload, *, include_raw_data: bool | None = None
    ) -> m.GetLastActivityResponse:
        return await self._call("get_last_activity", request, None, include_raw_data)  # type: ignore[no-any-return]

    async def get_authorization_url(
        self, request: Payload, *, include_raw_data: bool | None = None
    ) -> m.GetAuthorizationUrlResponse:
        return await self._call("get_authorization_url", request, None, include_raw_data)  # type: ignore[no-any-return]

    async def handle_authorization_callback(
        self, request: Payload, *, include_raw_data: bool | None = None
    ) -> m.HandleAuthorizationCallbackResponse:
        return await self._call("handle_authorization_callback", request, None, include_raw_data)  # type: ignore[no-any-return]

    async def handle_client_credentials_request(
        self, request: Payload
    ) -> m.HandleClientCredentialsRequestResponse:
        return await self._call("handle_client_credentials_request", request)  # type: ignore[no-any-return]

    async def refresh_access_token(
        self, request: Payload, *, include_raw_data: bool | None = None
    ) -> m.RefreshAccessTokenResponse:
        return await self._call("refresh_access_token", request, None, include_raw_data)  # type: ignore[no-any-return]

    def _iter(self, name: str, request: Payload, page_size: int | None) -> AsyncIterator[Any]:
        async def fetch(token: str | None) -> Any:
            page = {k: v for k, v in (("token", token), ("size", page_size)) if v is not None} or None
            return await self._call(name, request, page)

        return apaginate(fetch, lambda result: result.response, _page_token, operation=name)

    def iter_accounts(
        self, request: Payload = None, *, page_size: int | None = None
    ) -> AsyncIterator[m.FoundAccountData]:
        return self._iter("list_accounts", request, page_size)

    def iter_resources(
        self, request: Payload = None, *, page_size: int | None = None
    ) -> AsyncIterator[m.FoundResourceData]:
        return self._iter("list_resources", request, page_size)

    def iter_entitlements(
        self, request: Payload = None, *, page_size: int | None = None
    ) -> AsyncIterator[m.FoundEntitlementData]:
        return self._iter("list_entitlements", request, page_size)

    async def aclose(self) -> None:
        await self._client.get_async_httpx_client().aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
