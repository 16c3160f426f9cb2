"""The async base transport: aiohttp's connection pool behind httpx's API (httpx-aiohttp).

httpcore's async pool slows down as concurrency grows (on a 2-core machine: ~1,000 requests/s
with one in flight, ~280/s with 32), while aiohttp's keeps ~3,900/s at 32 in flight. What this
module adds is precise error mapping. httpx-aiohttp reports a server that dropped the connection
as a *connect* timeout, which would make the retry policy treat a request the server may have
processed as never sent; and it lets some aiohttp errors through unmapped (a garbage status line
raises ``ClientResponseError``, a header with a newline a ``ValueError``), whose messages quote
the request URL. Every one becomes an httpx ``TransportError`` here; the suite's transport then
turns it into ``ApiConnectionError``/``ApiTimeoutError`` with a redacted message. A body in
memory (every generated operation's) is sent directly and its answer read by :class:`AiohttpBody`:
one read for a declared length, which skips the library's per-chunk generator and mapping layers.
"""

from __future__ import annotations

import asyncio
import functools
import os
import ssl
from collections.abc import AsyncIterator
from typing import Any

import httpx

from clientsuite.runtime.extras import missing_extra

try:
    import aiohttp
    from httpx_aiohttp import AiohttpTransport
except ImportError as error:
    raise missing_extra(error, "the async clients") from error

from clientsuite.runtime import aio_hygiene

_CHUNK = 64 * 1024


def _message(error: BaseException, fallback: str) -> str:
    # aiohttp messages may quote the URL with its query (signatures): keep only the kind of failure.
    # Its own message may quote the offending bytes too (a body after a 204): only kind and status.
    if isinstance(error, aiohttp.ClientResponseError):
        kind = f" ({type(error.__cause__).__name__})" if error.__cause__ is not None else ""
        return f"{fallback}{kind}" + (f", HTTP {error.status}" if error.status else "")
    return fallback


def remap(error: BaseException) -> httpx.TransportError | None:
    """The httpx error an aiohttp failure stands for; ``None`` for errors that are not the transport's."""
    if isinstance(error, httpx.TransportError):
        error = error.__cause__ or error
        if isinstance(error, httpx.TransportError):
            return error
    if isinstance(error, aiohttp.ClientConnectorError):
        return httpx.ConnectError("could not connect")
    if isinstance(error, aiohttp.ConnectionTimeoutError):
        return httpx.ConnectTimeout("timed out while connecting")
    if isinstance(error, aiohttp.ServerTimeoutError | aiohttp.SocketTimeoutError | asyncio.TimeoutError):
        return httpx.ReadTimeout("timed out while reading")
    if isinstance(error, aiohttp.ServerDisconnectedError):
        return httpx.RemoteProtocolError("server disconnected")
    if isinstance(error, aiohttp.ClientOSError | aiohttp.ClientPayloadError):
        return httpx.ReadError("connection lost while reading")
    if isinstance(error, aiohttp.ClientResponseError):
        return httpx.RemoteProtocolError(_message(error, "the server broke the HTTP protocol"))
    if isinstance(error, aiohttp.InvalidURL):
        return httpx.LocalProtocolError("invalid URL")
    if isinstance(error, aiohttp.ClientError | OSError):
        return httpx.NetworkError(f"{type(error).__name__}")
    if isinstance(error, ValueError | UnicodeError):  # aiohttp's header validation
        return httpx.LocalProtocolError(f"the request could not be sent ({type(error).__name__})")
    return None


@functools.lru_cache(maxsize=8)
def _verified_context(cert_file: str | None, cert_dir: str | None) -> ssl.SSLContext:
    return httpx.create_ssl_context()  # reads the same two variables


def default_ssl_context() -> ssl.SSLContext:
    """httpx's verifying context, built once per process (per ``SSL_CERT_FILE``/``SSL_CERT_DIR``).

    Loading the CA bundle takes ~20 ms, which every short-lived client would pay again; aiohttp
    shares its own default context the same way. Only a context nobody changes is shared.
    """
    return _verified_context(os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"))


class SuiteAiohttpTransport(AiohttpTransport):
    """``AiohttpTransport`` whose errors are httpx's and say truthfully whether the request was sent."""

    def __init__(self, **options: Any) -> None:
        if options.get("verify", True) is True and options.get("trust_env", True) and not options.get("cert"):
            options["verify"] = default_ssl_context()
        super().__init__(**options)

    def get_client(self) -> aiohttp.ClientSession:
        if self.client is None:  # our own session: the library's settings plus the hygiene rule
            self.client = aio_hygiene.aiohttp_session(self.limits, self.ssl_context)
        return super().get_client()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        failure: httpx.TransportError | None = None
        try:
            if self.proxy is None and self.uds is None and isinstance(request.stream, httpx.ByteStream):
                return await self._send(request)
            return await super().handle_async_request(request)  # proxies, sockets, streamed bodies
        except Exception as error:
            failure = remap(error)
            if failure is None:
                raise
        raise failure  # outside the except block: no chain back to aiohttp's message

    async def _send(self, request: httpx.Request) -> httpx.Response:
        """What the library sends for a body in memory, with :class:`AiohttpBody` as the response body."""
        if not isinstance(self.client, aiohttp.ClientSession):
            self.client = self.get_client()
        timeout = request.extensions.get("timeout", {})
        response = await self.client.request(
            request.method,
            str(request.url),
            headers=request.headers,
            data=request.content or None,
            allow_redirects=False,
            auto_decompress=False,  # httpx decodes, after the size cap
            compress=False,
            timeout=aiohttp.ClientTimeout(
                sock_connect=timeout.get("connect"),
                sock_read=timeout.get("read"),
                connect=timeout.get("pool"),
            ),
            server_hostname=request.extensions.get("sni_hostname"),
        )
        extensions = {"http_version": b"HTTP/1.1"}
        if response.reason:
            extensions["reason_phrase"] = response.reason.encode()
        return httpx.Response(
            response.status,
            headers=response.raw_headers,
            stream=AiohttpBody(response),
            request=request,
            extensions=extensions,
        )


class AiohttpBody(httpx.AsyncByteStream):
    """An aiohttp response's body, its failures mapped by :func:`remap`.

    A declared length (the caller has checked it against the size cap) is read in one call;
    otherwise the body comes in chunks, so that the caller can stop at the cap.
    """

    def __init__(self, response: aiohttp.ClientResponse) -> None:
        self._response = response

    async def __aiter__(self) -> AsyncIterator[bytes]:
        failure: httpx.TransportError | None = None
        try:
            response = self._response
            if response.content_length is not None and "transfer-encoding" not in response.headers:
                yield await response.read()
            else:
                async for chunk in response.content.iter_chunked(_CHUNK):
                    yield chunk
        except Exception as error:
            failure = remap(error)
            if failure is None:
                raise
        if failure is not None:
            raise failure

    async def aclose(self) -> None:
        await self._response.__aexit__(None, None, None)
