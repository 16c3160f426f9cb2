"""Retries against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import time
from types import ModuleType
from typing import Any

import pytest
from clientsuite.errors import ApiConnectionError, ApiTimeoutError, InternalServerError, RateLimitError
from clientsuite.runtime import ClientConfig, RequestOptions, RetryConfig, attach, call
from clientsuite.runtime.retries import RetryConfig as _RetryConfig

from tests.fixtures.http_server import Reply, Reset, ScriptedServer

FAST = RetryConfig(max_retries=2, backoff_factor=0.01, jitter=0.0)
ITEM = {"id": "it_1", "name": "first"}


def demo_client(demo_api: ModuleType, server: ScriptedServer, **overrides: Any) -> Any:
    settings: dict[str, Any] = {"package": "demo_api", "retry": FAST, "timeout": 5.0} | overrides
    config = ClientConfig(server.url, **settings)
    return attach(demo_api.Client(base_url=server.url), config)


def get_item(demo_api: ModuleType, client: Any, options: RequestOptions | None = None) -> Any:
    from demo_api.api.items import get_item as op

    return call("get_item", op.sync, options, client=client, item_id="it_1")


def test_503_then_success(demo_api: ModuleType, scripted_server: ScriptedServer) -> None:
    scripted_server.enqueue(Reply(503, {"error": "busy"}), Reply(200, ITEM))
    item = get_item(demo_api, demo_client(demo_api, scripted_server))
    assert item.name == "first"
    assert len(scripted_server.seen) == 2


def test_429_retry_after_seconds_is_honoured(demo_api: ModuleType, scripted_server: ScriptedServer) -> None:
    scripted_server.enqueue(Reply(429, {"error": "slow down"}, {"Retry-After": "1"}), Reply(200, ITEM))
    get_item(demo_api, demo_client(demo_api, scripted_server))
    first, second = scripted_server.seen
    assert 0.9 <= second.at - first.at < 3.0


def test_retry_after_ms_is_honoured(demo_api: ModuleType, scripted_server: ScriptedServer) -> None:
    scripted_server.enqueue(Reply(429, {}, {"Retry-After-Ms": "300"}), Reply(200, ITEM))
    get_item(demo_api, demo_client(demo_api, scripted_server))
    first, second = scripted_server.seen
    assert 0.28 <= second.at - first.at < 2.0


def test_retry_after_http_date(demo_api: ModuleType, scripted_server: ScriptedServer) -> None:
    from email.utils import formatdate

    retry_at = formatdate(time.time() + 2, usegmt=True)
    scripted_server.enqueue(Reply(503, {}, {"Retry-After": retry_at}), Reply(200, ITEM))
    get_item(demo_api, demo_client(demo_api, scripted_server))
    first, second = scripted_server.seen
    assert 0.5 <= second.at - first.at < 3.5


def test_connection_reset_then_success(demo_api: ModuleType, scripted_server: ScriptedServer) -> None:
    scripted_server.enqueue(Reset(), Reply(200, ITEM))
    assert get_item(demo_api, demo_client(demo_api, scripted_server)).id == "it_1"
    assert len(scripted_server.seen) == 2


def test_read_timeout_retried_then_typed_error(demo_api: ModuleType, scripted_server: ScriptedServer) -> None:
    scripted_server.enqueue(Reply(200, ITEM, delay=1.0), Reply(200, ITEM, delay=1.0))
    client = demo_client(demo_api, scripted_server)
    with pytest.raises(ApiTimeoutError) as caught:
        get_item(demo_api, client, RequestOptions(max_retries=1, timeout_in_seconds=0.2))
    assert len(scripted_server.seen) == 2
    assert "timed out" in str(caught.value)


def test_read_timeout_then_success(demo_api: ModuleType, scripted_server: ScriptedServer) -> None:
    scripted_server.enqueue(Reply(200, ITEM, delay=1.0), Reply(200, ITEM))
    item = get_item(demo_api, demo_client(demo_api, scripted_server), RequestOptions(timeout_in_seconds=0.3))
    assert item.id == "it_1"


def test_post_not_retried_after_500(demo_api: ModuleType, scripted_server: ScriptedServer) -> None:
    from demo_api.api.items import create_item
    from demo_api.models import NewItem

    scripted_server.enqueue(Reply(500, {"error": "boom"}), Reply(201, ITEM))
    client = demo_client(demo_api, scripted_server)
    with pytest.raises(InternalServerError) as caught:
        call("create_item", create_item.sync, client=client, body=NewItem(name="x"))
    assert caught.value.status_code == 500
    assert len(scripted_server.seen) == 1


def test_post_retried_after_429_even_when_not_idempotent(
    demo_api: ModuleType, scripted_server: ScriptedServer
) -> None:
    from demo_api.api.items import create_item
    from demo_api.models import NewItem

    scripted_server.enqueue(Reply(429, {}), Reply(201, ITEM))
    client = demo_client(demo_api, scripted_server)
    assert call("create_item", create_item.sync, client=client, body=NewItem(name="x")).id == "it_1"
    assert len(scripted_server.seen) == 2


def test_idempotent_post_retried_after_500(demo_api: ModuleType, scripted_server: ScriptedServer) -> None:
    from demo_api.api.items import touch_item

    scripted_server.enqueue(Reply(500, {}), Reply(200, ITEM))
    client = demo_client(demo_api, scripted_server)
    assert call("touch_item", touch_item.sync, client=client, item_id="it_1").name == "first"
    assert [s.method for s in scripted_server.seen] == ["POST", "POST"]


def test_budget_exhausted_raises_last_error(demo_api: ModuleType, scripted_server: ScriptedServer) -> None:
    scripted_server.enqueue(*(Reply(429, {"error": "slow"}) for _ in range(5)))
    with pytest.raises(RateLimitError):
        get_item(demo_api, demo_client(demo_api, scripted_server))
    assert len(scripted_server.seen) == 3  # the first attempt and max_retries=2


def test_per_request_max_retries_override(demo_api: ModuleType, scripted_server: ScriptedServer) -> None:
    scripted_server.enqueue(*(Reply(503, {}) for _ in range(5)))
    client = demo_client(demo_api, scripted_server)
    with pytest.raises(InternalServerError):
        get_item(demo_api, client, RequestOptions(max_retries=0))
    assert len(scripted_server.seen) == 1


def test_connection_refused_is_typed(demo_api: ModuleType) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    config = ClientConfig(url, package="demo_api", retry=_RetryConfig(max_retries=1, backoff_factor=0.01))
    client = attach(demo_api.Client(base_url=url), config)
    with pytest.raises(ApiConnectionError) as caught:
        get_item(demo_api, client)
    assert not isinstance(caught.value, ApiTimeoutError)


async def test_async_503_then_success(demo_api: ModuleType, scripted_server: ScriptedServer) -> None:
    from clientsuite.runtime import acall
    from demo_api.api.items import get_item as op

    scripted_server.enqueue(Reply(503, {}), Reply(200, ITEM))
    client = demo_client(demo_api, scripted_server)
    item = await acall("get_item", op.asyncio, client=client, item_id="it_1")
    assert item.id == "it_1"
    assert len(scripted_server.seen) == 2
    await client.get_async_httpx_client().aclose()


async def test_async_post_not_retried_after_500(
    demo_api: ModuleType, scripted_server: ScriptedServer
) -> None:
    from clientsuite.runtime import acall
    from demo_api.api.items import create_item
    from demo_api.models import NewItem

    scripted_server.enqueue(Reply(500, {}), Reply(201, ITEM))
    client = demo_client(demo_api, scripted_server)
    with pytest.raises(InternalServerError):
        await acall("create_item", create_item.asyncio, client=client, body=NewItem(name="x"))
    assert len(scripted_server.seen) == 1
