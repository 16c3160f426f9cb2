"""Bad servers, sync and async: every call ends in its value or a typed error, within its bounds.

Protocol violations come from a raw asyncio server (tests/fixtures/raw_server.py); the async
clients go through the aiohttp transport, the sync ones through httpx's.
"""

from __future__ import annotations

import asyncio
import gc
import gzip
import time
import weakref
from types import ModuleType
from typing import Any

import httpx
import pytest
from clientsuite.errors import (
    ApiConnectionError,
    ApiTimeoutError,
    DeadlineExceededError,
    ResponseTooLargeError,
)
from clientsuite.errors import InternalServerError as ServiceUnavailable
from clientsuite.runtime import ClientConfig, RequestOptions, RetryConfig, acall, attach, call, deadline

from tests.fixtures.raw_server import RawServer, response

FAST = RetryConfig(max_retries=2, backoff_factor=0.01, jitter=0.0)
ITEM = b'{"id": "it_1", "name": "first"}'


def client(demo_api: ModuleType, url: str, **overrides: Any) -> Any:
    settings: dict[str, Any] = {"package": "demo_api", "retry": FAST, "timeout": 5.0} | overrides
    return attach(demo_api.Client(base_url=url), ClientConfig(url, **settings))


def get_item(demo_api: ModuleType, api: Any, options: Any = None) -> Any:
    from demo_api.api.items import get_item as op

    return call("get_item", op.sync, options, client=api, item_id="it_1")


async def aget_item(demo_api: ModuleType, api: Any, options: Any = None) -> Any:
    from demo_api.api.items import get_item as op

    try:
        return await acall("get_item", op.asyncio, options, client=api, item_id="it_1")
    finally:
        await api.get_async_httpx_client().aclose()


async def garbage(request: bytes, writer: asyncio.StreamWriter) -> None:
    writer.write(b"SPEAK FRIEND AND ENTER\r\n\r\n")
    await writer.drain()
    writer.close()


async def drip(request: bytes, writer: asyncio.StreamWriter) -> None:
    body = b'{"id": "it_1", "name": "' + b"x" * 40 + b'"}'
    writer.write(f"HTTP/1.1 200 OK\r\ncontent-length: {len(body)}\r\n\r\n".encode())
    for byte in body:
        writer.write(bytes([byte]))
        await writer.drain()
        await asyncio.sleep(0.1)


async def drip_headers(request: bytes, writer: asyncio.StreamWriter) -> None:
    """A status line, then one header byte every 0.1 s for far longer than any timeout here."""
    writer.write(b"HTTP/1.1 200 OK\r\nx-slow: ")
    for _ in range(100):
        writer.write(b"x")
        await writer.drain()
        await asyncio.sleep(0.1)


def huge(declared: bool) -> Any:
    async def behave(request: bytes, writer: asyncio.StreamWriter) -> None:
        size = 3 * 1024 * 1024
        if declared:
            writer.write(f"HTTP/1.1 200 OK\r\ncontent-length: {size}\r\n\r\n".encode())
        else:
            writer.write(b"HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n")
        for _ in range(size // 65536):
            writer.write(b"x" * 65536)
            await writer.drain()
        writer.close()

    return behave


def test_garbage_status_line_is_a_typed_error(demo_api: ModuleType, raw_server: RawServer) -> None:
    raw_server.behave = garbage
    with pytest.raises(ApiConnectionError) as caught:
        get_item(demo_api, client(demo_api, raw_server.url))
    assert caught.value.__cause__ is None and caught.value.__context__ is None


async def test_garbage_status_line_is_a_typed_error_async(
    demo_api: ModuleType, raw_server: RawServer
) -> None:
    raw_server.behave = garbage
    with pytest.raises(ApiConnectionError) as caught:
        await aget_item(demo_api, client(demo_api, raw_server.url))
    assert caught.value.__cause__ is None and caught.value.__context__ is None
    assert len(raw_server.requests) == 3  # a GET is retried after a protocol error


def test_drip_server_is_cut_at_the_attempt_timeout(demo_api: ModuleType, raw_server: RawServer) -> None:
    raw_server.behave = drip
    started = time.monotonic()
    with pytest.raises(ApiTimeoutError):
        get_item(demo_api, client(demo_api, raw_server.url, timeout=0.3))
    elapsed = time.monotonic() - started
    # 3 attempts of 0.3 s, each cut within one 0.1 s chunk, plus the tiny back-off; it was 3.4 s
    assert elapsed < 2.2, elapsed
    assert len(raw_server.requests) == 3


async def test_drip_server_is_cut_at_the_attempt_timeout_async(
    demo_api: ModuleType, raw_server: RawServer
) -> None:
    raw_server.behave = drip
    started = time.monotonic()
    with pytest.raises(ApiTimeoutError):
        await aget_item(demo_api, client(demo_api, raw_server.url, timeout=0.3))
    assert time.monotonic() - started < 1.8


def test_header_drip_is_cut_at_the_attempt_timeout(demo_api: ModuleType, raw_server: RawServer) -> None:
    raw_server.behave = drip_headers
    started = time.monotonic()
    with pytest.raises(ApiTimeoutError):
        get_item(demo_api, client(demo_api, raw_server.url, timeout=0.3))
    elapsed = time.monotonic() - started
    # 3 attempts of 0.3 s plus the tiny back-off; each read of 0.3 s alone would last 10 s per attempt
    assert elapsed < 2.0, elapsed
    assert len(raw_server.requests) == 3


async def test_header_drip_is_cut_at_the_attempt_timeout_async(
    demo_api: ModuleType, raw_server: RawServer
) -> None:
    raw_server.behave = drip_headers
    started = time.monotonic()
    with pytest.raises(ApiTimeoutError):
        await aget_item(demo_api, client(demo_api, raw_server.url, timeout=0.3))
    assert time.monotonic() - started < 2.0


@pytest.mark.parametrize("declared", [True, False])
def test_response_size_cap(demo_api: ModuleType, raw_server: RawServer, declared: bool) -> None:
    raw_server.behave = huge(declared)
    api = client(demo_api, raw_server.url, max_response_bytes=1024 * 1024)
    with pytest.raises(ResponseTooLargeError) as caught:
        get_item(demo_api, api)
    assert caught.value.limit == 1024 * 1024
    assert len(raw_server.requests) == 1  # not retried: the next answer would be as large


async def test_response_size_cap_async(demo_api: ModuleType, raw_server: RawServer) -> None:
    raw_server.behave = huge(False)
    with pytest.raises(ResponseTooLargeError):
        await aget_item(demo_api, client(demo_api, raw_server.url, max_response_bytes=1024 * 1024))


async def always_503(request: bytes, writer: asyncio.StreamWriter) -> None:
    writer.write(response(503, b'{"error": "busy"}', {"retry-after-ms": "200"}))
    await writer.drain()


def test_per_call_deadline_bounds_attempts_and_back_off(demo_api: ModuleType, raw_server: RawServer) -> None:
    raw_server.behave = always_503
    api = client(demo_api, raw_server.url, retry=RetryConfig(max_retries=50))
    started = time.monotonic()
    with pytest.raises(ServiceUnavailable):
        get_item(demo_api, api, RequestOptions(deadline_in_seconds=0.7))
    assert time.monotonic() - started < 1.2
    assert 2 <= len(raw_server.requests) <= 5


async def hang(request: bytes, writer: asyncio.StreamWriter) -> None:
    await asyncio.sleep(30)


def test_deadline_block_cuts_the_request_in_flight(demo_api: ModuleType, raw_server: RawServer) -> None:
    raw_server.behave = hang
    api = client(demo_api, raw_server.url, timeout=10.0)
    started = time.monotonic()
    with deadline(0.5), pytest.raises(DeadlineExceededError) as caught:
        get_item(demo_api, api)
    assert time.monotonic() - started < 1.2
    assert "timed out" in str(caught.value)
    with deadline(0.0), pytest.raises(DeadlineExceededError) as before:
        get_item(demo_api, api)
    assert before.value.request_sent is False


async def test_deadline_block_async(demo_api: ModuleType, raw_server: RawServer) -> None:
    raw_server.behave = hang
    api = client(demo_api, raw_server.url, timeout=10.0)
    started = time.monotonic()
    with deadline(0.4), pytest.raises(DeadlineExceededError):
        await aget_item(demo_api, api)
    assert time.monotonic() - started < 1.0


async def bad_gzip(request: bytes, writer: asyncio.StreamWriter) -> None:
    writer.write(response(200, b"not gzip at all", {"content-encoding": "gzip"}))
    await writer.drain()


async def truncated(request: bytes, writer: asyncio.StreamWriter) -> None:
    writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n" + ITEM)
    await writer.drain()
    writer.close()


@pytest.mark.parametrize("behave", [bad_gzip, truncated])
async def test_decoding_and_truncation_are_typed_errors(
    demo_api: ModuleType, raw_server: RawServer, behave: Any
) -> None:
    raw_server.behave = behave
    with pytest.raises(ApiConnectionError) as caught:
        get_item(demo_api, client(demo_api, raw_server.url, retry=RetryConfig(max_retries=0)))
    assert caught.value.__context__ is None
    with pytest.raises(ApiConnectionError) as acaught:
        await aget_item(demo_api, client(demo_api, raw_server.url, retry=RetryConfig(max_retries=0)))
    assert acaught.value.__context__ is None


def gzipped(body: bytes) -> Any:
    async def behave(request: bytes, writer: asyncio.StreamWriter) -> None:
        writer.write(response(200, gzip.compress(body), {"content-encoding": "gzip"}))
        await writer.drain()

    return behave


async def test_gzip_body_is_decoded_into_the_response_it_arrived_in(
    demo_api: ModuleType, raw_server: RawServer
) -> None:
    raw_server.behave = gzipped(ITEM)
    seen: list[httpx.Response] = []
    api = client(demo_api, raw_server.url, hooks={"after_response": seen.append})
    assert get_item(demo_api, api).name == "first"
    assert (await aget_item(demo_api, client(demo_api, raw_server.url))).name == "first"
    # the hook saw the decoded body, bound to the signed request of its attempt
    assert seen[0].content == ITEM and seen[0].request.extensions["attempt"] == 1


async def test_decoded_size_is_capped_too(demo_api: ModuleType, raw_server: RawServer) -> None:
    """A small gzip body that inflates past the cap (a decompression bomb) is refused."""
    raw_server.behave = gzipped(b'{"id": "' + b"0" * 300_000 + b'"}')
    with pytest.raises(ResponseTooLargeError):
        get_item(demo_api, client(demo_api, raw_server.url, max_response_bytes=100_000))
    with pytest.raises(ResponseTooLargeError):
        await aget_item(demo_api, client(demo_api, raw_server.url, max_response_bytes=100_000))
    assert len(raw_server.requests) == 2  # not retried


async def item(request: bytes, writer: asyncio.StreamWriter) -> None:
    writer.write(response(200, ITEM))
    await writer.drain()


async def test_a_finished_call_leaves_no_reference_cycle(demo_api: ModuleType, raw_server: RawServer) -> None:
    """httpx's response and its client-side stream refer to each other; the call breaks that, so
    the response is freed at once rather than by the cyclic GC (which 32 calls in flight make run
    often), and its body stays readable for a hook that kept it."""
    raw_server.behave = item
    kept: list[httpx.Response] = []
    refs: list[weakref.ref[httpx.Response]] = []
    gc.collect()
    gc.disable()
    try:
        api = client(
            demo_api, raw_server.url, hooks={"after_response": lambda r: refs.append(weakref.ref(r))}
        )
        assert get_item(demo_api, api).name == "first"
        aapi = client(
            demo_api, raw_server.url, hooks={"after_response": lambda r: refs.append(weakref.ref(r))}
        )
        assert (await aget_item(demo_api, aapi)).name == "first"
        assert [ref() for ref in refs] == [None, None]
        holder = client(demo_api, raw_server.url, hooks={"after_response": kept.append})
        get_item(demo_api, holder)
        assert kept[0].content == ITEM and kept[0].read() == ITEM and b"".join(kept[0].iter_bytes()) == ITEM
    finally:
        gc.enable()


def storm() -> Any:
    """A mix of bad answers, chosen by how many requests the server has seen."""
    count = 0

    async def behave(request: bytes, writer: asyncio.StreamWriter) -> None:
        nonlocal count
        count += 1
        kind = count % 5
        if kind == 0:
            writer.write(response(500, b'{"error": "maybe processed"}'))
        elif kind == 1:
            writer.transport.abort()  # reset after the request was read
            return
        elif kind == 2:
            writer.write(b"NOT HTTP\r\n\r\n")
            writer.close()
            return
        elif kind == 3:
            writer.write(b"HTTP/1.1 201 Created\r\ncontent-length: 50\r\n\r\n{")  # truncated
            writer.close()
            return
        else:
            writer.write(response(201, b'{"id": "it_9", "name": "made"}'))
        await writer.drain()

    return behave


async def test_fault_storm_never_repeats_a_post(demo_api: ModuleType, raw_server: RawServer) -> None:
    from demo_api.api.items import create_item
    from demo_api.models import NewItem

    raw_server.behave = storm()
    api = client(demo_api, raw_server.url, timeout=2.0)
    outcomes: list[str] = []
    for n in range(20):
        try:
            if n % 2:
                await acall("create_item", create_item.asyncio, client=api, body=NewItem(name="x"))
            else:
                call("create_item", create_item.sync, client=api, body=NewItem(name="x"))
            outcomes.append("ok")
        except ApiConnectionError as error:
            assert error.__context__ is None
            outcomes.append(type(error).__name__)
        except ServiceUnavailable:
            outcomes.append("500")
    await api.get_async_httpx_client().aclose()
    posts = [r for r in raw_server.requests if r.startswith(b"POST")]
    assert len(posts) == 20  # each call sent its POST exactly once: none of these is retried
    assert "ok" in outcomes and "500" in outcomes and "ApiConnectionError" in outcomes
