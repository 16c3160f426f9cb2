"""Sync sockets that stop at the attempt's end, so a server dripping bytes cannot outlast it.

httpcore gives every socket read the same phase timeout, so a server that sends one header byte
per 0.2 s keeps a 0.3 s read timeout alive for ever. httpcore's public network-backend API lets a
transport wrap its sockets: here each read, write and connect is given what remains of the
current attempt (set by :func:`attempt_ends`) when that is shorter than its own timeout, and a
socket operation that starts after the end raises httpcore's own timeout, which httpx maps to
``httpx.ReadTimeout`` (or ``ConnectTimeout``/``WriteTimeout``) like any other.

Async attempts do not need this: they run under ``asyncio.timeout`` as a whole.
"""

from __future__ import annotations

import contextlib
import ssl
import time
import typing
from collections.abc import Iterator
from contextvars import ContextVar

import httpcore
import httpx

# The monotonic time the current attempt must end by; ``None`` outside a bounded attempt.
_attempt_end: ContextVar[float | None] = ContextVar("clientsuite_attempt_end", default=None)


@contextlib.contextmanager
def attempt_ends(end: float | None) -> Iterator[None]:
    """Bound every socket operation of this context's requests by ``end`` (monotonic seconds)."""
    token = _attempt_end.set(end)
    try:
        yield
    finally:
        _attempt_end.reset(token)


def _bounded(timeout: float | None, late: type[httpcore.TimeoutException]) -> float | None:
    end = _attempt_end.get()
    if end is None:
        return timeout
    left = end - time.monotonic()
    if left <= 0:
        raise late("the attempt's time is up")
    return left if timeout is None or left < timeout else timeout


class _BoundedStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return _BoundedStream(self._stream.start_tls(ssl_context, server_hostname, bounded))

    def get_extra_info(self, info: str) -> typing.Any:
        return self._stream.get_extra_info(info)


class BoundedBackend(httpcore.NetworkBackend):
    """httpcore's sync backend, with every socket operation cut to what remains of the attempt."""

    def __init__(self, backend: httpcore.NetworkBackend | None = None) -> None:
        self._backend = backend or httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return _BoundedStream(self._backend.connect_tcp(host, port, bounded, local_address, socket_options))

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return _BoundedStream(self._backend.connect_unix_socket(path, bounded, socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class BoundedHTTPTransport(httpx.HTTPTransport):
    """``httpx.HTTPTransport`` whose connection pool uses :class:`BoundedBackend`.

    httpx has no public argument for the pool's network backend yet (encode/httpx#3749 proposes
    one), so the pool httpx built is replaced by an equal one with the bounded backend. The class
    stays an ``httpx.HTTPTransport`` (its ``handle_request`` is httpx's own), so tools that patch
    httpx's transport, such as pytest-httpx, keep working. ``tests/runtime/test_network.py`` fails
    if an httpx release renames the pool, rather than users losing the bound silently.
    """

    def __init__(self, *, limits: httpx.Limits) -> None:
        context = httpx.create_ssl_context()
        super().__init__(verify=context, limits=limits)
        self._pool = httpcore.ConnectionPool(
            ssl_context=context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=BoundedBackend(),
        )
