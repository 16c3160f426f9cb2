"""The bounded sync network backend: what remains of an attempt caps every socket operation."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpcore
import httpx
import pytest
from clientsuite.runtime.config import DEFAULT_LIMITS
from clientsuite.runtime.network import BoundedBackend, BoundedHTTPTransport, attempt_ends
from pytest_httpx import HTTPXMock


@pytest.fixture
def silent_server() -> Iterator[tuple[str, int]]:
    """Accepts connections and never answers (until the test ends)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.05)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    worker = threading.Thread(target=serve, daemon=True)
    worker.start()
    yield listener.getsockname()
    stop.set()
    worker.join()
    for conn in accepted:
        conn.close()
    listener.close()


def test_the_pool_httpx_builds_is_replaced_by_a_bounded_one() -> None:
    """Fails loudly if an httpx release renames its pool, instead of users losing the bound."""
    transport = BoundedHTTPTransport(limits=DEFAULT_LIMITS)
    pool = vars(transport)["_pool"]
    assert isinstance(pool, httpcore.ConnectionPool)
    assert isinstance(pool._network_backend, BoundedBackend)


def test_a_read_is_cut_to_what_remains_of_the_attempt(silent_server: tuple[str, int]) -> None:
    stream = BoundedBackend().connect_tcp(*silent_server, timeout=5.0)
    started = time.monotonic()
    with attempt_ends(time.monotonic() + 0.2), pytest.raises(httpcore.ReadTimeout):
        stream.read(1024, timeout=10.0)
    assert time.monotonic() - started < 1.0
    stream.close()


def test_no_socket_operation_starts_after_the_end(silent_server: tuple[str, int]) -> None:
    with attempt_ends(time.monotonic() - 1), pytest.raises(httpcore.ConnectTimeout):
        BoundedBackend().connect_tcp(*silent_server, timeout=5.0)


def test_outside_an_attempt_the_socket_keeps_its_own_timeout(silent_server: tuple[str, int]) -> None:
    stream = BoundedBackend().connect_tcp(*silent_server, timeout=5.0)
    started = time.monotonic()
    with pytest.raises(httpcore.ReadTimeout):
        stream.read(1024, timeout=0.3)
    assert 0.25 < time.monotonic() - started < 2.0
    stream.close()


def test_whole_request_through_httpx_maps_to_its_read_timeout(silent_server: tuple[str, int]) -> None:
    host, port = silent_server
    with httpx.Client(transport=BoundedHTTPTransport(limits=DEFAULT_LIMITS), timeout=30.0) as client:
        started = time.monotonic()
        with attempt_ends(time.monotonic() + 0.3), pytest.raises(httpx.ReadTimeout):
            client.get(f"http://{host}:{port}/")
        assert time.monotonic() - started < 2.0


def test_pytest_httpx_still_intercepts_it(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url="http://mocked.test/x", json={"ok": True})
    with httpx.Client(transport=BoundedHTTPTransport(limits=DEFAULT_LIMITS)) as client:
        assert client.get("http://mocked.test/x").json() == {"ok": True}
