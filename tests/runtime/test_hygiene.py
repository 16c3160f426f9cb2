"""The connection-hygiene rule against a raw asyncio server that sends bodies where none belong."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import aiohttp.http_parser
import attrs
import httpx
import pytest
from clientsuite.errors import ApiConnectionError
from clientsuite.runtime import ClientConfig
from clientsuite.runtime.hygiene import declares_body, must_not_have_body

STRAY = b'{"detail": "Community deleted.", "deleted": true}'
assert len(STRAY) == 49  # what Metagov's DELETE of a community sends with its 204
C_PARSER = aiohttp.http_parser.HttpResponseParser is not aiohttp.http_parser.HttpResponseParserPy


def _answer(method: bytes, path: bytes) -> bytes:
    if method == b"DELETE" and path == b"/split":  # the stray body comes in a later segment
        return b"HTTP/1.1 204 No Content\r\nContent-Length: 49\r\n\r\n"
    if method == b"DELETE":  # a 204 that declares and carries a body
        head = b"HTTP/1.1 204 No Content\r\nContent-Type: application/json\r\nContent-Length: 49\r\n\r\n"
        return head + STRAY
    if path == b"/not-modified":  # a 304 that carries a body
        return b"HTTP/1.1 304 Not Modified\r\nContent-Length: 49\r\n\r\n" + STRAY
    if method == b"HEAD":  # legal: the length of what GET would send, and no body
        return b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n"
    return b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"


@attrs.define
class RawServer:
    """HTTP/1.1 by hand on 127.0.0.1, counting connections; bodies are not read (none are sent)."""

    url: str = ""
    connections: int = 0
    requests: list[tuple[int, str]] = attrs.field(factory=list)  # (connection number, request line)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        number = self.connections
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                method, path, _ = head.split(b"\r\n", 1)[0].split(b" ", 2)
                self.requests.append((number, f"{method.decode()} {path.decode()}"))
                writer.write(_answer(method, path))
                await writer.drain()
                if path == b"/split":
                    await asyncio.sleep(0.05)
                    writer.write(STRAY)
                    await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


@pytest.fixture
def raw_server() -> Iterator[RawServer]:
    server = RawServer()
    loop = asyncio.new_event_loop()
    started = threading.Event()
    stop = asyncio.Event()

    async def main() -> None:
        listening = await asyncio.start_server(server.handle, "127.0.0.1", 0)
        server.url = f"http://127.0.0.1:{listening.sockets[0].getsockname()[1]}"
        started.set()
        await stop.wait()
        listening.close()
        handlers = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in handlers:  # connections the clients kept alive
            task.cancel()
        await asyncio.gather(*handlers, return_exceptions=True)

    thread = threading.Thread(target=loop.run_until_complete, args=(main(),), daemon=True)
    thread.start()
    assert started.wait(5)
    yield server
    loop.call_soon_threadsafe(stop.set)
    thread.join(5)
    loop.close()


def _connection_of(server: RawServer, line: str) -> int:
    return next(number for number, seen in reversed(server.requests) if seen == line)


def test_the_rule() -> None:
    assert must_not_have_body("HEAD", 200) and must_not_have_body("GET", 204)
    assert must_not_have_body("GET", 304)
    assert not must_not_have_body("GET", 200)
    assert declares_body({"content-length": "49"}) and declares_body({"transfer-encoding": "chunked"})
    assert declares_body({"content-length": "junk"})
    assert not declares_body({"content-length": "0"}) and not declares_body({})


def test_sync_client_survives_a_204_with_a_body(raw_server: RawServer) -> None:
    with ClientConfig(raw_server.url, max_retries=0).build_httpx_client() as client:
        assert client.get("/first").json() == {}
        deleted = client.delete("/api/internal/community/c1")
        assert deleted.status_code == 204 and deleted.content == b""
        assert client.get("/after").json() == {}  # without the rule: "illegal status line"
        assert client.get("/again").json() == {}
    first, after, again = (_connection_of(raw_server, f"GET {p}") for p in ("/first", "/after", "/again"))
    assert _connection_of(raw_server, "DELETE /api/internal/community/c1") == first  # pooled before
    assert after != first  # the dirty connection was closed, not pooled
    assert again == after  # and a clean one is pooled as usual


def test_sync_304_and_head(raw_server: RawServer) -> None:
    with ClientConfig(raw_server.url, max_retries=0).build_httpx_client() as client:
        assert client.get("/not-modified").status_code == 304
        assert client.get("/x").json() == {}
        assert client.head("/h").status_code == 200
        assert client.get("/y").json() == {}
    assert raw_server.connections == 3  # each bodiless answer that declared a body ended its connection


def test_without_the_rule_the_next_request_fails(raw_server: RawServer) -> None:
    """The failure the rule prevents, with httpx's own pool (so this test would notice a fix upstream)."""
    with httpx.Client(base_url=raw_server.url) as client:
        client.delete("/c")
        with pytest.raises(httpx.RemoteProtocolError, match="illegal status line"):
            client.get("/after")


async def test_async_client_survives_a_204_with_a_body(raw_server: RawServer) -> None:
    async with ClientConfig(raw_server.url, max_retries=0).build_async_httpx_client() as client:
        assert (await client.get("/first")).json() == {}
        if C_PARSER:  # llhttp rejects the whole read when the stray body comes with the headers
            with pytest.raises(ApiConnectionError) as caught:
                await client.delete("/api/internal/community/c1")
            assert "Community deleted" not in f"{caught.value} {caught.value.__cause__}"  # no stray bytes
        else:  # aiohttp's Python parser reads the 204, and the rule closes its connection
            assert (await client.delete("/api/internal/community/c1")).status_code == 204
        assert (await client.get("/after")).json() == {}
        assert (await client.get("/again")).json() == {}
        assert (await client.head("/h")).status_code == 200
        assert (await client.get("/last")).json() == {}
    after, again, last = (_connection_of(raw_server, f"GET {p}") for p in ("/after", "/again", "/last"))
    assert after != _connection_of(raw_server, "GET /first") and again == after
    assert last != after  # the HEAD's connection (it declared a length) was not pooled


async def test_a_users_async_httpx_client_gets_the_rule_too(raw_server: RawServer) -> None:
    async with httpx.AsyncClient() as own:  # httpcore's async pool, behind the suite's stack
        config = ClientConfig(raw_server.url, max_retries=0, async_http_client=own)
        async with config.build_async_httpx_client() as client:
            assert (await client.delete("/api/internal/community/c1")).status_code == 204
            assert (await client.get("/after")).json() == {}
    assert _connection_of(raw_server, "GET /after") != _connection_of(
        raw_server, "DELETE /api/internal/community/c1"
    )


async def test_async_body_in_a_later_segment_is_not_pooled(raw_server: RawServer) -> None:
    async with ClientConfig(raw_server.url, max_retries=0).build_async_httpx_client() as client:
        assert (await client.get("/first")).json() == {}
        assert (await client.delete("/split")).status_code == 204
        assert (await client.get("/after")).json() == {}
    assert _connection_of(raw_server, "GET /after") != _connection_of(raw_server, "DELETE /split")


def test_sync_body_in_a_later_segment_is_not_pooled(raw_server: RawServer) -> None:
    with ClientConfig(raw_server.url, max_retries=0).build_httpx_client() as client:
        assert client.delete("/split").status_code == 204
        assert client.get("/after").json() == {}
    assert _connection_of(raw_server, "GET /after") != _connection_of(raw_server, "DELETE /split")


async def test_async_protocol_error_is_typed_and_redacted(raw_server: RawServer) -> None:
    config = ClientConfig(raw_server.url + "/?auth_key=SECRET-KEY", max_retries=0)
    async with config.build_async_httpx_client() as client:
        outcomes = []
        for _ in range(5):
            try:
                outcomes.append((await client.delete("/c?auth_signature=SECRET-SIG")).status_code)
            except ApiConnectionError as error:
                text = f"{error!s} {error!r} {error.__cause__!r} {error.__context__!r}"
                assert "SECRET" not in text
                outcomes.append(0)
            assert (await client.get("/ok")).json() == {}
        assert set(outcomes) <= {0, 204}
