"""The transport stack every suite client sends through.

``SuiteTransport`` (hooks, per-request options, typed errors) wraps httpx-retries'
``RetryTransport``, which wraps ``_AttemptTransport`` (one debug line per attempt), which wraps
the base transport: httpx's pooled transport, the offline examples transport, or a user's client.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextvars import ContextVar

import httpx
from httpx_retries import RetryTransport

from clientsuite.errors import (
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    error_for_response,
)
from clientsuite.redaction import redact_url
from clientsuite.runtime import hygiene
from clientsuite.runtime.hooks import Hooks
from clientsuite.runtime.options import current_options
from clientsuite.runtime.retries import RetryConfig
from clientsuite.runtime.routes import Routes

logger = logging.getLogger("clientsuite.http")

# The last successful response of the current call, so that a body which fails to parse
# into its model can be reported with the raw bytes (see clientsuite.runtime.calls).
last_response: ContextVar[httpx.Response | None] = ContextVar("clientsuite_last_response", default=None)


def _translate(exc: httpx.TransportError, request: httpx.Request) -> ApiConnectionError:
    where = f"{request.method} {redact_url(request.url)}"
    if isinstance(exc, httpx.TimeoutException):
        return ApiTimeoutError(f"{where} timed out ({type(exc).__name__})")
    return ApiConnectionError(f"{where} failed: {type(exc).__name__}: {exc}")


# Given a response with its body read, the status it really stands for (``None``: its own).
Classifier = Callable[[httpx.Response], int | None]


def _reclassified(
    request: httpx.Request, response: httpx.Response, classify: Classifier | None
) -> httpx.Response:
    """Some APIs report failures inside a 200 body; the retry policy must see the real status."""
    status = classify(response) if classify else None
    if status is None or status == response.status_code:
        return response
    return httpx.Response(
        status,
        headers=response.headers,
        content=response.content,
        request=request,
        extensions=response.extensions,
    )


class _AttemptTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Logs every attempt, including those the retry layer repeats."""

    def __init__(
        self, inner: httpx.BaseTransport | httpx.AsyncBaseTransport, classify: Classifier | None = None
    ) -> None:
        self.inner = inner
        self.classify = classify

    def _log(self, request: httpx.Request, started: float, outcome: str) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            elapsed = (time.perf_counter() - started) * 1000
            url = redact_url(request.url)
            logger.debug("%s %s -> %s in %.1f ms", request.method, url, outcome, elapsed)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(self.inner, httpx.BaseTransport), "this client's transport is async-only"
        started = time.perf_counter()
        try:
            response = self.inner.handle_request(request)
            response.read()  # inside the retry loop, so a connection lost mid-body is retried too
            hygiene.enforce(request, response)
        except httpx.TransportError as exc:
            self._log(request, started, type(exc).__name__)
            raise
        self._log(request, started, str(response.status_code))
        return _reclassified(request, response, self.classify)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(self.inner, httpx.AsyncBaseTransport), "this client's transport is sync-only"
        started = time.perf_counter()
        try:
            response = await self.inner.handle_async_request(request)
            await response.aread()
            await hygiene.aenforce(request, response)
        except httpx.TransportError as exc:
            self._log(request, started, type(exc).__name__)
            raise
        self._log(request, started, str(response.status_code))
        return _reclassified(request, response, self.classify)

    def close(self) -> None:
        if isinstance(self.inner, httpx.BaseTransport):
            self.inner.close()

    async def aclose(self) -> None:
        if isinstance(self.inner, httpx.AsyncBaseTransport):
            await self.inner.aclose()


class SuiteTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Hooks, retries, per-request options and typed errors around a base transport."""

    def __init__(
        self,
        inner: httpx.BaseTransport | httpx.AsyncBaseTransport,
        *,
        retry: RetryConfig,
        hooks: Hooks,
        routes: Routes | None = None,
        base_path: str = "",
        classify: Classifier | None = None,
    ) -> None:
        self.retry = retry
        self.hooks = hooks
        self.routes = routes
        self.base_path = base_path.rstrip("/")
        self._retrying = RetryTransport(transport=_AttemptTransport(inner, classify))

    def _prepare(self, request: httpx.Request) -> None:
        path = request.url.path
        if self.base_path and path.startswith(self.base_path):
            path = path[len(self.base_path) :] or "/"
        route = self.routes.match(request.method, path) if self.routes else None
        idempotent = (
            route.idempotent if route else request.method in {"GET", "HEAD", "OPTIONS", "PUT", "DELETE"}
        )
        options = current_options()
        max_retries = options.max_retries if options else None
        request.extensions["retry"] = self.retry.for_request(request.method, idempotent, max_retries)
        if options and options.timeout_in_seconds is not None:
            request.extensions["timeout"] = httpx.Timeout(options.timeout_in_seconds).as_dict()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        try:
            request = self.hooks.run_before(request)
            self._prepare(request)
            try:
                response = self._retrying.handle_request(request)
            except httpx.TransportError as exc:
                raise _translate(exc, request) from exc
            response.request = request
            response = self.hooks.run_after(response)
            if response.status_code >= 400:
                response.read()
                response.close()
                raise error_for_response(response)
        except Exception as error:
            self.hooks.run_on_error(error)
            raise
        last_response.set(response)
        return response

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            request = await self.hooks.arun_before(request)
            self._prepare(request)
            try:
                response = await self._retrying.handle_async_request(request)
            except httpx.TransportError as exc:
                raise _translate(exc, request) from exc
            response.request = request
            response = await self.hooks.arun_after(response)
            if response.status_code >= 400:
                await response.aread()
                await response.aclose()
                raise error_for_response(response)
        except Exception as error:
            await self.hooks.arun_on_error(error)
            raise
        last_response.set(response)
        return response

    def close(self) -> None:
        self._retrying.close()

    async def aclose(self) -> None:
        await self._retrying.aclose()


class DelegatingTransport(httpx.BaseTransport):
    """Sends through a user's own ``httpx.Client``: its proxies, mounts, transports and limits apply."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self.client.send(request, stream=True)


class AsyncDelegatingTransport(httpx.AsyncBaseTransport):
    """The async twin of :class:`DelegatingTransport`."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self.client.send(request, stream=True)


__all__ = ["ApiError", "AsyncDelegatingTransport", "DelegatingTransport", "SuiteTransport", "last_response"]
