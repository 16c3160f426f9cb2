"""Connection hygiene: never pool a connection that a bodiless response left dirty.

A 204, a 304 or the answer to a HEAD has no body by definition, so HTTP parsers stop reading
after its headers. A server that sends a body anyway (Metagov's ``DELETE`` of a community
answers 204 with 49 bytes of JSON) leaves those bytes in the connection, and the next request
on it reads them as its status line. The rule: such a response closes its connection instead
of returning it to the pool. "Such" means it declares a body (a non-zero ``Content-Length`` or
any ``Transfer-Encoding``) or, on httpx, its socket still has bytes to read. For HEAD and 304
a ``Content-Length`` is legal, so they may cost a new connection; correctness wins.

httpx (httpcore) exposes the connection as the response's ``network_stream`` extension;
closing it makes the pool drop the connection. aiohttp releases a bodiless response's
connection while parsing it; :mod:`clientsuite.runtime.aio_hygiene` (imported only with the
async clients, so sync users never import aiohttp) applies the same rule there.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import httpx

logger = logging.getLogger("clientsuite.http")

BODILESS_STATUS = frozenset({204, 304})


def must_not_have_body(method: str, status_code: int) -> bool:
    return method.upper() == "HEAD" or status_code in BODILESS_STATUS


def declares_body(headers: Mapping[str, str]) -> bool:
    """A non-zero ``Content-Length`` or any ``Transfer-Encoding`` (an unparseable length counts)."""
    if headers.get("transfer-encoding"):
        return True
    length = headers.get("content-length", "").strip()
    if not length:
        return False
    try:
        return int(length) != 0
    except ValueError:
        return True


def _stream_is_dirty(stream: Any) -> bool:
    """Bytes (or EOF) already waiting on an idle socket: the peer sent more than one answer."""
    get_extra_info = getattr(stream, "get_extra_info", None)
    return bool(get_extra_info("is_readable")) if callable(get_extra_info) else False


def _dirty_stream(request: httpx.Request, response: httpx.Response) -> Any:
    """The httpcore connection to close, or ``None`` when the response leaves it clean."""
    if not must_not_have_body(request.method, response.status_code):
        return None
    stream = response.extensions.get("network_stream")
    if stream is None:  # not an httpcore connection (offline, aiohttp, a mock): nothing pooled here
        return None
    if not (declares_body(response.headers) or _stream_is_dirty(stream)):
        return None
    logger.debug("%s answered %s with a body; closing its connection", request.method, response.status_code)
    return stream


def enforce(request: httpx.Request, response: httpx.Response) -> bool:
    """Close the connection of a bodiless response that declares or carries a body (sync httpx).

    Call it once the response is read. Returns whether the connection was closed.
    """
    stream = _dirty_stream(request, response)
    if stream is not None:
        stream.close()
    return stream is not None


async def aenforce(request: httpx.Request, response: httpx.Response) -> bool:
    """The async twin of :func:`enforce`, for an ``httpx.AsyncClient`` on httpcore."""
    stream = _dirty_stream(request, response)
    if stream is not None:
        await stream.aclose()
    return stream is not None
