"""What the sync and async connector clients share: construction, secrets, envelopes, gating.

Credentials are held only as :class:`~clientsuite.redaction.Secret` (so ``vars(client)`` and
``repr`` show none), revealed when an envelope is built. The gateway token travels through an
``httpx.Auth`` that reveals it per request, never in the client's default headers.

Capability gating: the client refuses a capability before sending anything only when it *knows*
the connector's capabilities - from ``capabilities=[...]`` given by the caller, or from an ``info``
that answered. A connector without ``info`` (connector-py's own server has none) is "unknown":
every call is sent.

The connector errors and the OAuth side (``connector_auth``, ``oauth``) load when a client is built
or first needs them, not with the package.
"""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator, Generator, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import httpx

from clientsuite.lumos.capabilities import ALWAYS_AVAILABLE, CAPABILITIES, EnvelopeParts
from clientsuite.redaction import Secret
from clientsuite.runtime.timeouts import DEFAULT_TIMEOUT

if TYPE_CHECKING:
    from clientsuite.runtime.hooks import Hooks

# An ``info`` that failed like this means "this server does not serve info", not a broken call.
_NO_INFO_STATUS = frozenset({404, 405, 501})
_NO_INFO_CODES = frozenset({"not_implemented", "unsupported_operation", "not_found"})


def info_unavailable(error: Exception) -> bool:
    """Whether a failed ``info`` just means the connector's capabilities are unknown."""
    from clientsuite.errors import ApiError, ResponseValidationError
    from clientsuite.lumos.errors import ConnectorError

    if isinstance(error, ConnectorError):
        return error.code in _NO_INFO_CODES
    if isinstance(error, ApiError):
        return error.status_code in _NO_INFO_STATUS
    return isinstance(error, ResponseValidationError)


class GatewayAuth(httpx.Auth):
    """Adds the gateway's bearer token, then runs the caller's own auth (e.g. ``ConnectorOAuth``)."""

    requires_request_body = True

    def __init__(self, token: Secret | None, inner: httpx.Auth | None) -> None:
        self._token = token
        self._inner = inner

    def __repr__(self) -> str:
        return f"GatewayAuth(token={self._token!r}, inner={self._inner!r})"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._token is not None:
            request.headers["Authorization"] = f"Bearer {self._token.reveal()}"
        if self._inner is None:
            yield request
            return
        yield from self._inner.auth_flow(request)

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        await request.aread()
        if self._token is not None:
            request.headers["Authorization"] = f"Bearer {self._token.reveal()}"
        if self._inner is None:
            yield request
            return
        flow = self._inner.async_auth_flow(request)
        sent = await flow.__anext__()
        while True:
            response = yield sent
            try:
                sent = await flow.asend(response)
            except StopAsyncIteration:
                return


def _secret_json(value: Any, what: str) -> Secret | None:
    if value is None:
        return None
    if what == "credentials":
        if isinstance(value, Mapping | str | bytes) or not isinstance(value, Iterable):
            raise TypeError("credentials must be a list of AuthCredential mappings")
        value = [dict(item) for item in value]
    elif isinstance(value, Mapping):
        value = dict(value)
    else:
        raise TypeError(f"{what} must be a mapping (an AuthCredential such as {{'token': {{'token': ...}}}})")
    try:
        return Secret(json.dumps(value))
    except (TypeError, ValueError):
        raise TypeError(f"{what} must hold JSON values only") from None


class ConnectorBase:
    def __init__(
        self,
        base_url: str,
        *,
        auth: Mapping[str, Any] | None = None,
        settings: Mapping[str, Any] | None = None,
        credentials: Sequence[Mapping[str, Any]] | None = None,
        connector_id: str | None = None,
        gateway_token: str | None = None,
        include_raw_data: bool = False,
        check_capabilities: bool = True,
        capabilities: Iterable[str] | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        hooks: Hooks | Mapping[str, Any] | None = None,
        offline: bool = False,
        http_client: httpx.Client | httpx.AsyncClient | None = None,
        http_auth: httpx.Auth | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/") + (f"/{connector_id}" if connector_id else "")
        self._auth = _secret_json(auth, "auth")
        self._credentials = _secret_json(credentials, "credentials")
        self.settings = dict(settings or {})
        self.include_raw_data = include_raw_data
        self.check_capabilities = check_capabilities
        self._capabilities: frozenset[str] | None = (
            frozenset(capabilities) if capabilities is not None else None
        )
        self._info_tried = capabilities is not None
        # the connector errors (read by every response), hooks and the transport: loaded here
        from clientsuite.lumos.errors import effective_status, raise_for_envelope
        from clientsuite.runtime.config import ClientConfig, user_clients
        from clientsuite.runtime.hooks import Hooks

        if offline and http_auth is not None:
            from clientsuite.lumos.connector_auth import ConnectorOAuth, OfflineConnectorOAuth

            if isinstance(http_auth, ConnectorOAuth):
                http_auth = OfflineConnectorOAuth(http_auth)  # never reaches the identity provider
        token = Secret(gateway_token) if gateway_token else None
        user = hooks if isinstance(hooks, Hooks) else Hooks(**(hooks or {}))
        own = Hooks(
            before_request=user.before_request,
            after_response=[raise_for_envelope, *user.after_response],
            on_error=user.on_error,
        )
        self._config = ClientConfig(
            self.base_url,
            package="lumos_api",
            auth=GatewayAuth(token, http_auth) if token is not None or http_auth is not None else None,
            timeout=timeout,
            max_retries=max_retries,
            hooks=own,
            offline=offline,
            classify=effective_status,
            **user_clients(http_client),
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    def __reduce__(self) -> Any:
        raise TypeError(
            f"a {type(self).__name__} cannot be pickled: it holds credentials and open connections; "
            "build one where it is needed"
        )

    @property
    def capabilities(self) -> frozenset[str] | None:
        """The capabilities the connector is known to implement; ``None`` while unknown."""
        return self._capabilities

    def _parts(self) -> EnvelopeParts:
        return EnvelopeParts(
            settings=self.settings,
            include_raw_data=self.include_raw_data,
            auth=json.loads(self._auth.reveal()) if self._auth is not None else None,
            credentials=json.loads(self._credentials.reveal()) if self._credentials is not None else None,
        )

    def _needs_info(self, name: str) -> bool:
        return self.check_capabilities and name not in ALWAYS_AVAILABLE and not self._info_tried

    def _require(self, name: str) -> None:
        if name not in CAPABILITIES:
            raise ValueError(f"unknown capability {name!r}")
        known = self._capabilities
        if (
            self.check_capabilities
            and known is not None
            and name not in known
            and name not in ALWAYS_AVAILABLE
        ):
            from clientsuite.lumos.errors import NotImplementedCapability

            raise NotImplementedCapability(f"the connector does not implement {name!r}; nothing was sent")

    def _learned(self, result: Any) -> None:
        self._info_tried = True
        self._capabilities = frozenset(result.response.capabilities)


def page_token(result: Any) -> str | None:
    page = getattr(result, "page", None)
    token = getattr(page, "token", None)
    return token if isinstance(token, str) and token else None


def next_rate_limit(result: Any) -> dict[str, Any] | None:
    """The rate-limit state to hand back on the next page, as connector-py asks callers to."""
    state = getattr(getattr(result, "rate_limit", None), "current_state", None)
    if state is None or not hasattr(state, "to_dict"):
        return None
    return {"last_known_state": state.to_dict()}
