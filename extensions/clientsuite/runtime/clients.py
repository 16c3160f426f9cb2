"""The httpx clients the suite builds for itself: ``send`` goes straight to the suite's transport.

httpx wraps every send in its own auth flow, redirect loop, mount lookup, cookie extraction and
stream wrapper. A suite client has none of those to do: the transport below it authenticates
(after the user's hooks), never follows redirects, has no mounts and keeps no cookies (every
service here authenticates each request by key). And httpx parses each request's path and its
join with ``base_url`` anew; the joined URL of a path already seen is kept. Together that takes
about a quarter off the client CPU of an async call. Anything else (streaming, a per-call
``auth``, redirects) is sent by httpx's own ``send``. A user's own ``http_client`` is never one of
these.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx
from httpx import USE_CLIENT_DEFAULT

from clientsuite.runtime.transport import SuiteTransport

_httpx_log = logging.getLogger("httpx")  # the line httpx writes for each request, kept for users


def _logged(response: httpx.Response) -> None:
    if _httpx_log.isEnabledFor(logging.INFO):
        request = response.request
        _httpx_log.info(
            'HTTP Request: %s %s "%s %d %s"',
            request.method,
            request.url,
            response.http_version,
            response.status_code,
            response.reason_phrase,
        )


_URL_CACHE_SIZE = 1024  # distinct paths per client; paths may hold ids, so the cache starts over


class _Absolute:
    """Relative URLs joined to a client's ``base_url`` as httpx joins them, each parsed once.

    httpx parses every request's URL and then its join with ``base_url`` again; the joined URL of a
    path already seen is kept (httpx URLs are immutable), and an absolute ``httpx.URL`` passes
    through httpx's join untouched.
    """

    def __init__(self) -> None:
        self._base: httpx.URL | None = None
        self._joined: dict[str, httpx.URL] = {}

    def __call__(self, base: httpx.URL, url: Any) -> Any:
        if type(url) is not str:
            return url
        if base is not self._base or len(self._joined) >= _URL_CACHE_SIZE:
            self._base, self._joined = base, {}
        joined = self._joined.get(url)
        if joined is None:
            joined = httpx.URL(url)
            if joined.is_relative_url:  # httpx's own rule: the path is appended to base_url's
                joined = base.copy_with(raw_path=base.raw_path + joined.raw_path.lstrip(b"/"))
            self._joined[url] = joined
        return joined


def _direct(client: httpx.Client | httpx.AsyncClient, stream: bool, auth: object, redirects: object) -> bool:
    """Whether httpx's layers would have nothing to do (event hooks someone added count)."""
    plain = not stream and auth is USE_CLIENT_DEFAULT and redirects in (USE_CLIENT_DEFAULT, False)
    return plain and client.auth is None and not any(client.event_hooks.values())


class _Suite:
    """What both sides share: the suite transport kept at hand, and the cached URL join."""

    base_url: httpx.URL

    def __init__(self, *, transport: SuiteTransport, **options: Any) -> None:
        super().__init__(transport=transport, **options)  # type: ignore[call-arg]  # the httpx client
        self._suite = transport
        self._absolute = _Absolute()

    def build_request(self, method: str, url: Any, **options: Any) -> httpx.Request:
        built: httpx.Request = super().build_request(  # type: ignore[misc]  # the httpx client's
            method, self._absolute(self.base_url, url), **options
        )
        return built


class SuiteClient(_Suite, httpx.Client):
    """An ``httpx.Client`` whose plain sends go straight to its :class:`SuiteTransport`."""

    def send(
        self,
        request: httpx.Request,
        *,
        stream: bool = False,
        auth: Any = USE_CLIENT_DEFAULT,
        follow_redirects: Any = USE_CLIENT_DEFAULT,
    ) -> httpx.Response:
        if self.is_closed or self.follow_redirects or not _direct(self, stream, auth, follow_redirects):
            return super().send(request, stream=stream, auth=auth, follow_redirects=follow_redirects)
        response = self._suite.handle_request(request)
        _logged(response)
        return response


class SuiteAsyncClient(_Suite, httpx.AsyncClient):
    """The async twin of :class:`SuiteClient`."""

    async def send(
        self,
        request: httpx.Request,
        *,
        stream: bool = False,
        auth: Any = USE_CLIENT_DEFAULT,
        follow_redirects: Any = USE_CLIENT_DEFAULT,
    ) -> httpx.Response:
        if self.is_closed or self.follow_redirects or not _direct(self, stream, auth, follow_redirects):
            return await super().send(request, stream=stream, auth=auth, follow_redirects=follow_redirects)
        response = await self._suite.handle_async_request(request)
        _logged(response)
        return response
