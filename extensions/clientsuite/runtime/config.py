"""Build the httpx clients of a service from one config.

This is the only place that assembles the transport stack, so every service gets the same
retries, timeouts, hooks, offline mode and connection pooling.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, TypeVar

import attrs
import httpx

from clientsuite.runtime.attempt import DEFAULT_MAX_RESPONSE_BYTES, ForeignMapper
from clientsuite.runtime.clients import SuiteAsyncClient, SuiteClient
from clientsuite.runtime.hooks import Hooks
from clientsuite.runtime.logredact import install_log_redaction
from clientsuite.runtime.network import BoundedHTTPTransport
from clientsuite.runtime.offline import OfflineTransport
from clientsuite.runtime.retries import RetryConfig
from clientsuite.runtime.routes import Routes
from clientsuite.runtime.timeouts import DEFAULT_TIMEOUT, DefaultTimeout
from clientsuite.runtime.transport import (
    AsyncDelegatingTransport,
    Classifier,
    DelegatingTransport,
    SuiteTransport,
)

# Keep-alive pool sized for a backend that fans out requests; httpx's defaults are 100/20.
DEFAULT_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=32, keepalive_expiry=30.0)
_HTTPX_DEFAULT_TIMEOUT = httpx.Timeout(5.0)


def _hooks(value: Hooks | Mapping[str, Any] | None) -> Hooks:
    if value is None:
        return Hooks()
    if isinstance(value, Hooks):
        return value
    return Hooks(**value)


@attrs.frozen
class ClientConfig:
    """Everything that shapes how one service client talks HTTP."""

    base_url: str
    package: str | None = None  # generated package whose spec gives routes (idempotency, offline)
    auth: httpx.Auth | None = attrs.field(default=None, repr=False)
    headers: Mapping[str, str] = attrs.field(factory=dict, repr=False)
    # Seconds one attempt may take. None or a DefaultTimeout: a user's http_client keeps its own
    # timeout (unless it is httpx's default); else this value. Without a user client: this value.
    timeout: float | None = DEFAULT_TIMEOUT
    max_retries: int = 2
    # Bounds all attempts and back-off of one call; None: (max_retries + 1) x timeout + max_backoff.
    deadline: float | None = None
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES
    retry: RetryConfig | None = None
    hooks: Hooks = attrs.field(factory=Hooks, converter=_hooks)
    offline: bool = False
    http_client: httpx.Client | None = attrs.field(default=None, repr=False)
    async_http_client: httpx.AsyncClient | None = attrs.field(default=None, repr=False)
    # For APIs that report failures in a 200 body: the status a response really stands for.
    classify: Classifier | None = attrs.field(default=None, repr=False)
    # Offline mode: what the clients would have sent, shared by the sync and async clients.
    offline_requests: list[httpx.Request] = attrs.field(factory=list, eq=False, repr=False)

    @property
    def retry_config(self) -> RetryConfig:
        return self.retry or RetryConfig(max_retries=self.max_retries)

    @property
    def routes(self) -> Routes | None:
        return Routes.for_package(self.package) if self.package else None

    @property
    def base_path(self) -> str:
        return httpx.URL(self.base_url).path

    def offline_transport(self) -> OfflineTransport:
        if self.routes is None:
            raise ValueError("offline mode needs the generated package whose examples answer requests")
        return OfflineTransport(self.routes, self.base_path, log=self.offline_requests)

    def _timeout(self, user: httpx.Client | httpx.AsyncClient | None) -> httpx.Timeout:
        """A user's own client keeps the timeout it was built with (when it is not httpx's default),
        unless a timeout was passed to the suite too."""
        if user is not None and self.timeout is None:
            return user.timeout
        left_default = isinstance(self.timeout, DefaultTimeout)
        if user is not None and left_default and user.timeout != _HTTPX_DEFAULT_TIMEOUT:
            return user.timeout
        return httpx.Timeout(DEFAULT_TIMEOUT if self.timeout is None else self.timeout)

    def _suite(
        self,
        inner: httpx.BaseTransport | httpx.AsyncBaseTransport,
        user: httpx.Client | httpx.AsyncClient | None = None,
        foreign: ForeignMapper | None = None,
    ) -> SuiteTransport:
        install_log_redaction()
        return SuiteTransport(
            inner,
            retry=self.retry_config,
            hooks=self.hooks,
            routes=self.routes,
            base_path=self.base_path,
            classify=self.classify,
            auth=self.auth,  # applied per attempt, after the before_request hooks
            timeout=self._timeout(user),
            deadline=self.deadline,
            max_response_bytes=self.max_response_bytes,
            foreign=foreign,
        )

    def _common(self) -> dict[str, Any]:
        return {
            "base_url": self.base_url,
            "headers": dict(self.headers),
            "timeout": httpx.Timeout(DEFAULT_TIMEOUT if self.timeout is None else self.timeout),
        }

    def build_httpx_client(self) -> httpx.Client:
        """A sync client with the whole stack; keep-alive pooling unless a user client says otherwise."""
        inner: httpx.BaseTransport
        if self.offline:
            inner = self.offline_transport()
        elif self.http_client is not None:
            inner = DelegatingTransport(self.http_client)
        else:
            inner = BoundedHTTPTransport(limits=DEFAULT_LIMITS)
        return SuiteClient(transport=self._suite(inner, self.http_client), **self._common())

    def build_async_httpx_client(self) -> httpx.AsyncClient:
        inner: httpx.AsyncBaseTransport
        if self.offline:
            inner = self.offline_transport()
        elif self.async_http_client is not None:
            inner = AsyncDelegatingTransport(self.async_http_client)
        else:  # imported here: sync users need neither aiohttp nor its import time
            from clientsuite.runtime.aio import SuiteAiohttpTransport

            inner = SuiteAiohttpTransport(limits=DEFAULT_LIMITS)
        foreign = None if self.offline else _aiohttp_errors()
        transport = self._suite(inner, self.async_http_client, foreign)
        return SuiteAsyncClient(transport=transport, **self._common())


def _aiohttp_errors() -> ForeignMapper | None:
    """aiohttp's exceptions mapped to httpx's, when aiohttp is installed (a user's client may use it)."""
    try:
        from clientsuite.runtime.aio import remap
    except ImportError:
        return None
    return remap


def user_clients(
    client: object, *, is_async: bool | None = None, owner: str = "this client"
) -> dict[str, Any]:
    """A user's ``http_client`` as ``ClientConfig`` options, on the side (sync or async) it serves.

    With ``is_async`` set, a client of the other kind is refused with a clear ``TypeError``.
    """
    if client is None:
        return {}
    if is_async is not None:
        wanted = httpx.AsyncClient if is_async else httpx.Client
        if not isinstance(client, wanted):
            raise TypeError(f"{owner}'s http_client must be an httpx.{wanted.__name__}")
    if isinstance(client, httpx.AsyncClient):
        return {"async_http_client": client}
    if isinstance(client, httpx.Client):
        return {"http_client": client}
    return {}


class GeneratedClient(Protocol):
    """The seams of an openapi-python-client ``Client`` that the suite uses."""

    def set_httpx_client(self, client: httpx.Client) -> Any: ...
    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Any: ...


C = TypeVar("C", bound=GeneratedClient)


def attach(client: C, config: ClientConfig, *, sync: bool = True, asynchronous: bool = True) -> C:
    """Give a generated ``Client`` the suite's httpx clients, through its public setters only."""
    if sync:
        client.set_httpx_client(config.build_httpx_client())
    if asynchronous:
        client.set_async_httpx_client(config.build_async_httpx_client())
    return client
