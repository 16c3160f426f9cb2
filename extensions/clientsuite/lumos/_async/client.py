"""The connector client: one typed method per Lumos capability.

Written once, as async code; ``make generate`` derives the sync ``ConnectorClient`` in ``_sync/``.
Each method takes the capability's payload (a dict or a ``lumos_api`` model) and returns the typed
result envelope (``.response``, ``.raw_data``, ``.page``, ``.rate_limit``, ``.execution_summary``).
See :mod:`clientsuite.lumos.base` for credentials and capability gating.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any, Self

from clientsuite.lumos.base import ConnectorBase, info_unavailable, next_rate_limit, page_token
from clientsuite.lumos.capabilities import CAPABILITIES, Payload, build_envelope, secret_values
from clientsuite.runtime.calls import acall, expect
from clientsuite.runtime.lazy import lazy
from clientsuite.runtime.sides import attach_async

if TYPE_CHECKING:  # annotations only: each model loads with the response that holds it
    from lumos_api import models as m

    from clientsuite.lumos import errors
else:  # loaded with the first client (whose response hooks raise them)
    errors = lazy("clientsuite.lumos", "errors")

__all__ = ["AsyncConnectorClient"]


class AsyncConnectorClient(ConnectorBase):
    """Calls one connector. ``auth``/``credentials``/``settings`` go into every request envelope."""

    def __init__(self, base_url: str, **options: Any) -> None:
        super().__init__(base_url, **options)
        from lumos_api.client import Client  # the generated client: loaded when one is built

        self._client = attach_async(Client(base_url=self.base_url), self._config)

    async def _call(
        self,
        name: str,
        payload: Payload = None,
        page: Payload = None,
        include_raw_data: bool | None = None,
        rate_limit: Payload = None,
    ) -> Any:
        if self._needs_info(name):
            await self._discover()
        self._require(name)
        capability = CAPABILITIES[name]
        body = build_envelope(
            capability,
            self._parts(),
            payload,
            page=page,
            include_raw_data=include_raw_data,
            rate_limit=rate_limit,
        )
        kwargs: dict[str, Any] = {"client": self._client}
        if body is not None:
            kwargs["body"] = body
        try:
            result = await acall(name, capability.operation.asyncio, **kwargs)
        except errors.ConnectorError as error:
            error.redact(secret_values(body.to_dict()) if body is not None else [])
            raise
        return expect(name, result, capability.response)

    async def _discover(self) -> None:
        try:
            await self.info()
        except Exception as error:
            if not info_unavailable(error):
                raise
            self._info_tried = True  # no info here: capabilities stay unknown, calls are sent

    async def info(self) -> m.InfoResponse:
        """The connector's description; the client then gates calls on its ``capabilities``."""
        result: m.InfoResponse = await self._call("info")
        self._learned(result)
        return result

    async def call(
        self,
        capability: str,
        request: Payload = None,
        *,
        page: Payload = None,
        include_raw_data: bool | None = None,
        rate_limit: Payload = None,
    ) -> Any:
        """Any capability by name, e.g. ``client.call("assign_entitlement", {...})``."""
        if capability not in CAPABILITIES:
            raise ValueError(f"unknown capability {capability!r}")
        return await self._call(capability, request, page, include_raw_data, rate_limit)

    async def app_info(
        self, request: Payload = None, *, include_raw_data: bool | None = None
    ) -> m.AppInfoResponse:
        return await self._call("app_info", request, None, include_raw_data)  # type: ignore[no-any-return]

    async def validate_credentials(
        self, request: Payload = None, *, include_raw_data: bool | None = None
    ) -> m.ValidateCredentialsResponse:
        return await self._call("validate_credentials", request, None, include_raw_data)  # type: ignore[no-any-return]

    async def list_accounts(
        self,
        request: Payload = None,
        *,
        page: Payload = None,
        include_raw_data: bool | None = None,
        rate_limit: Payload = None,
    ) -> m.ListAccountsResponse:
        return await self._call("list_accounts", request, page, include_raw_data, rate_limit)  # type: ignore[no-any-return]

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
        self,
        request: Payload = None,
        *,
        page: Payload = None,
        include_raw_data: bool | None = None,
        rate_limit: Payload = None,
    ) -> m.ListResourcesResponse:
        return await self._call("list_resources", request, page, include_raw_data, rate_limit)  # type: ignore[no-any-return]

    async def list_entitlements(
        self,
        request: Payload = None,
        *,
        page: Payload = None,
        include_raw_data: bool | None = None,
        rate_limit: Payload = None,
    ) -> m.ListEntitlementsResponse:
        return await self._call("list_entitlements", request, page, include_raw_data, rate_limit)  # type: ignore[no-any-return]

    async def find_entitlement_associations(
        self,
        request: Payload = None,
        *,
        page: Payload = None,
        include_raw_data: bool | None = None,
        rate_limit: Payload = None,
    ) -> m.FindEntitlementAssociationsResponse:
        return await self._call("find_entitlement_associations", request, page, include_raw_data, rate_limit)  # type: ignore[no-any-return]

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
        self, request: Payload, *, include_raw_data: bool | None = None
    ) -> m.HandleClientCredentialsResponse:
        return await self._call("handle_client_credentials_request", request, None, include_raw_data)  # type: ignore[no-any-return]

    async def refresh_access_token(
        self, request: Payload, *, include_raw_data: bool | None = None
    ) -> m.RefreshAccessTokenResponse:
        return await self._call("refresh_access_token", request, None, include_raw_data)  # type: ignore[no-any-return]

    def _iter(self, name: str, request: Payload, page_size: int | None) -> AsyncIterator[Any]:
        state: dict[str, Any] = {}

        async def fetch(token: str | None) -> Any:
            page = {k: v for k, v in (("token", token), ("size", page_size)) if v is not None} or None
            result = await self._call(name, request, page, None, state.get("rate_limit"))
            state["rate_limit"] = next_rate_limit(result)
            return result

        from clientsuite.runtime.pagination import apaginate

        return apaginate(fetch, lambda result: result.response, page_token, operation=name)

    def iter_accounts(
        self, request: Payload = None, *, page_size: int | None = None
    ) -> AsyncIterator[m.FoundAccountData]:
        """Every account, following ``page.token`` lazily and handing back the rate-limit state."""
        return self._iter("list_accounts", request, page_size)

    def iter_resources(
        self, request: Payload = None, *, page_size: int | None = None
    ) -> AsyncIterator[m.FoundResourceData]:
        return self._iter("list_resources", request, page_size)

    def iter_entitlements(
        self, request: Payload = None, *, page_size: int | None = None
    ) -> AsyncIterator[m.FoundEntitlementData]:
        return self._iter("list_entitlements", request, page_size)

    def iter_entitlement_associations(
        self, request: Payload = None, *, page_size: int | None = None
    ) -> AsyncIterator[m.FoundEntitlementAssociation]:
        return self._iter("find_entitlement_associations", request, page_size)

    async def aclose(self) -> None:
        await self._client.get_async_httpx_client().aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
