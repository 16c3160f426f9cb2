"""The aiohttp transport: its shared TLS context, and how it sends and reads bodies."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import AsyncIterator

import httpx
import pytest
from clientsuite.runtime.aio import SuiteAiohttpTransport, default_ssl_context

from tests.fixtures.raw_server import RawServer


def test_transports_share_one_verifying_context() -> None:
    first, second = SuiteAiohttpTransport(), SuiteAiohttpTransport(limits=httpx.Limits(max_connections=5))
    assert first.ssl_context is second.ssl_context is default_ssl_context()
    assert first.ssl_context.verify_mode == ssl.CERT_REQUIRED and first.ssl_context.check_hostname


def test_a_context_of_the_callers_own_is_not_shared() -> None:
    unverified = SuiteAiohttpTransport(verify=False)
    assert unverified.ssl_context is not default_ssl_context()
    assert unverified.ssl_context.verify_mode == ssl.CERT_NONE
    own = ssl.create_default_context()
    assert SuiteAiohttpTransport(verify=own).ssl_context is own
    assert SuiteAiohttpTransport(trust_env=False).ssl_context is not default_ssl_context()


def test_the_cert_variables_pick_their_own_context(monkeypatch: pytest.MonkeyPatch) -> None:
    import certifi

    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    plain = default_ssl_context()
    monkeypatch.setenv("SSL_CERT_FILE", certifi.where())
    chosen = default_ssl_context()
    assert chosen is not plain and chosen is default_ssl_context()


async def chunked(request: bytes, writer: asyncio.StreamWriter) -> None:
    writer.write(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n")
    for part in (b'{"a": ', b"1}"):
        writer.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
        await writer.drain()
    writer.write(b"0\r\n\r\n")


async def short_body(request: bytes, writer: asyncio.StreamWriter) -> None:
    writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 50\r\n\r\n{")
    await writer.drain()
    writer.close()


async def test_bodies_in_memory_streamed_and_chunked_answers(raw_server: RawServer) -> None:
    async with httpx.AsyncClient(transport=SuiteAiohttpTransport(), base_url=raw_server.url) as client:
        declared = await client.post("/x", content=b'{"n": 1}')  # sent directly, read in one go
        assert declared.json() == {} and declared.request.url.path == "/x"

        async def parts() -> AsyncIterator[bytes]:
            yield b'{"n": '
            yield b"2}"

        streamed = await client.post("/y", content=parts(), headers={"content-length": "8"})
        assert streamed.status_code == 200  # through the library's own path
        assert raw_server.requests[0].endswith(b'{"n": 1}') and raw_server.requests[1].endswith(b'{"n": 2}')
        raw_server.behave = chunked
        assert (await client.get("/z")).json() == {"a": 1}


async def test_a_body_cut_short_is_an_httpx_error_without_chain(raw_server: RawServer) -> None:
    raw_server.behave = short_body
    async with httpx.AsyncClient(transport=SuiteAiohttpTransport(), base_url=raw_server.url) as client:
        with pytest.raises(httpx.ReadError) as caught:
            await client.get("/x")
    assert caught.value.__context__ is None and "127.0.0.1" not in str(caught.value)
