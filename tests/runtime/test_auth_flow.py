"""Auth around attempts: a one-shot ``SigningAuth`` is applied inline, afresh on every attempt;
any other ``httpx.Auth`` still has its whole flow driven (a retry on 401 with a new token)."""

from __future__ import annotations

import asyncio
from collections.abc import Generator
from types import ModuleType
from typing import Any

import httpx
from clientsuite.runtime import ClientConfig, RetryConfig, acall, attach, call
from clientsuite.runtime.auth_flow import SigningAuth

from tests.fixtures.raw_server import RawServer, response

ITEM = b'{"id": "it_1", "name": "first"}'


class Stamp(SigningAuth):
    def __init__(self) -> None:
        self.count = 0

    def sign(self, request: httpx.Request) -> httpx.Request:
        self.count += 1
        request.headers["x-stamp"] = str(self.count)
        return request


class Refresh(httpx.Auth):
    """Answers a 401 by sending the request again with a new token."""

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["authorization"] = "old"
        answer = yield request
        if answer.status_code == 401:
            request.headers["authorization"] = "new"
            yield request


def busy_then_ok() -> Any:
    seen = 0

    async def behave(request: bytes, writer: asyncio.StreamWriter) -> None:
        nonlocal seen
        seen += 1
        writer.write(response(503, b"{}") if seen == 1 else response(200, ITEM))
        await writer.drain()

    return behave


async def unauthorised_then_ok(request: bytes, writer: asyncio.StreamWriter) -> None:
    ok = b"authorization: new" in request.lower()
    writer.write(response(200, ITEM) if ok else response(401, b'{"error": "who"}'))
    await writer.drain()


def api(demo_api: ModuleType, url: str, auth: httpx.Auth) -> Any:
    retry = RetryConfig(max_retries=2, backoff_factor=0.01, jitter=0.0)
    return attach(
        demo_api.Client(base_url=url), ClientConfig(url, package="demo_api", retry=retry, auth=auth)
    )


async def test_a_signing_auth_signs_each_attempt_afresh(demo_api: ModuleType, raw_server: RawServer) -> None:
    from demo_api.api.items import get_item

    raw_server.behave = busy_then_ok()
    stamp = Stamp()
    assert call("get_item", get_item.sync, client=api(demo_api, raw_server.url, stamp), item_id="it_1").name
    assert stamp.count == 2  # the 503 and the retry, each signed once
    assert [b"x-stamp: 1" in r for r in raw_server.requests] == [True, False]
    assert b"x-stamp: 2" in raw_server.requests[1]  # the retry was not signed on top of the first stamp
    aclient = api(demo_api, raw_server.url, Stamp())
    try:
        assert (await acall("get_item", get_item.asyncio, client=aclient, item_id="it_1")).name == "first"
    finally:
        await aclient.get_async_httpx_client().aclose()


async def test_any_other_auth_has_its_flow_driven(demo_api: ModuleType, raw_server: RawServer) -> None:
    from demo_api.api.items import get_item

    raw_server.behave = unauthorised_then_ok
    assert call(
        "get_item", get_item.sync, client=api(demo_api, raw_server.url, Refresh()), item_id="it_1"
    ).name
    aclient = api(demo_api, raw_server.url, Refresh())
    try:
        assert (await acall("get_item", get_item.asyncio, client=aclient, item_id="it_1")).name == "first"
    finally:
        await aclient.get_async_httpx_client().aclose()
    assert len(raw_server.requests) == 4  # each client: the old token, then the new one
