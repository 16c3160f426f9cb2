"""``ConnectorClient``: one typed method per Lumos capability (sync).

Each method takes the capability's payload (a dict or a ``lumos_api`` model) and returns the typed
result envelope (``.response``, ``.raw_data``, ``.page``, ``.rate_limit``, ``.execution_summary``).
See :mod:`clientsuite.lumos.base` for credentials and capability gating.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Self

from lumos_api import Client
from lumos_api import models as m

from clientsuite.lumos.base import ConnectorBase, info_unavailable, next_rate_limit, page_token
from clientsuite.lumos.capabilities import CAPABILITIES, Payload, build_envelope, secret_values
from clientsuite.lumos.errors import ConnectorError
from clientsuite.runtime import attach, call, expect, paginate

__all__ = ["ConnectorClient"]


class ConnectorClient(ConnectorBase):
    """Calls one connector. ``auth``/``credentials``/``settings`` go into every request envelope."""

    def __init__(self, base_url: str, **options: Any) -> None:
        super().__init__(base_url, **options)
        self._client = attach(Client(base_url=self.base_url), self._config, asynchronous=False)

    def _call(
        self,
        name: str,
        payload: Payload = None,
        page: Payload = None,
        include_raw_data: bool | None = None,
        rate_limit: Payload = None,
    ) -> Any:
        if self._needs_info(name):
            self._discover()
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
            result = call(name, capability.operation.sync, **kwargs)
        except ConnectorError as error:
            error.redact(secret_values(body.to_dict()) if body is not None else [])
            raise
        return expect(name, result, capability.response)

    def _discover(self) -> None:
        try:
            self.info()
        except Exception as error:
            if not info_unavailable(error):
                raise
            self._info_tried = True  # no info here: capabilities stay unknown, calls are sent

    def info(self) -> m.InfoResponse:
        """The connector's description; the client then gates calls on its ``capabilities``."""
        result: m.InfoResponse = self._call("info")
        self._learned(result)
        return result

    def call(
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
        return self._call(capability, request, page, include_raw_data, rate_limit)

    def app_info(self, request: Payload = None, *, include_raw_data: bool | None = None) -> m.AppInfoResponse:
        return self._call("app_info", request, None, include_raw_data)  # type: ignore[no-any-return]

    def validate_credentials(
        self, request: Payload = None, *, include_raw_data: bool | None = None
    ) -> m.ValidateCredentialsResponse:
        return self._call("validate_credentials", request, None, include_raw_data)  # type: ignore[no-any-return]

    def list_accounts(
        self,
        request: Payload = None,
        *,
        page: Payload = None,
        include_raw_data: bool | None = None,
        rate_limit: Payload = None,
    ) -> m.ListAccountsResponse:
        return self._call("list_accounts", request, page, include_raw_data, rate_limit)  # type: ignore[no-any-return]

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
        self,
        request: Payload = None,
        *,
        page: Payload = None,
        include_raw_data: bool | None = None,
        rate_limit: Payload = None,
    ) -> m.ListResourcesResponse:
        return self._call("list_resources", request, page, include_raw_data, rate_limit)  # type: ignore[no-any-return]

    def list_entitlements(
        self,
        request: Payload = None,
        *,
        page: Payload = None,
        include_raw_data: bool | None = None,
        rate_limit: Payload = None,
    ) -> m.ListEntitlementsResponse:
        return self._call("list_entitlements", request, page, include_raw_data, rate_limit)  # type: ignore[no-any-return]

    def find_entitlement_associations(
        self,
        request: Payload = None,
        *,
        page: Payload = None,
        include_raw_data: bool | None = None,
        rate_limit: Payload = None,
    ) -> m.FindEntitlementAssociationsResponse:
        return self._call("find_entitlement_associations", request, page, include_raw_data, rate_limit)  # type: ignore[no-any-return]

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
    ) -> m.HandleClientCredentialsResponse:
        return self._call("handle_client_credentials_request", request, None, include_raw_data)  # type: ignore[no-any-return]

    def refresh_access_token(
        self, request: Payload, *, include_raw_data: bool | None = None
    ) -> m.RefreshAccessTokenResponse:
        return self._call("refresh_access_token", request, None, include_raw_data)  # type: ignore[no-any-return]

    def _iter(self, name: str, request: Payload, page_size: int | None) -> Iterator[Any]:
        state: dict[str, Any] = {}

        def fetch(token: str | None) -> Any:
            page = {k: v for k, v in (("token", token), ("size", page_size)) if v is not None} or None
            result = self._call(name, request, page, None, state.get("rate_limit"))
            state["rate_limit"] = next_rate_limit(result)
            return result

        return paginate(fetch, lambda result: result.response, page_token, operation=name)

    def iter_accounts(
        self, request: Payload = None, *, page_size: int | None = None
    ) -> Iterator[m.FoundAccountData]:
        """Every account, following ``page.token`` lazily and handing back the rate-limit state."""
        return self._iter("list_accounts", request, page_size)

    def iter_resources(
        self, request: Payload = None, *, page_size: int | None = None
    ) -> Iterator[m.FoundResourceData]:
        return self._iter("list_resources", request, page_size)

    def iter_entitlements(
        self, request: Payload = None, *, page_size: int | None = None
    ) -> Iterator[m.FoundEntitlementData]:
        return self._iter("list_entitlements", request, page_size)

    def iter_entitlement_associations(
        self, request: Payload = None, *, page_size: int | None = None
    ) -> Iterator[m.FoundEntitlementAssociation]:
        return self._iter("find_entitlement_associations", request, page_size)

    def close(self) -> None:
        self._client.get_httpx_client().close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
