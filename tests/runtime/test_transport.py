"""Errors, hooks, user clients and logging through the full stack (pytest-httpx)."""

from __future__ import annotations

import logging
from types import ModuleType
from typing import Any

import httpx
import pytest
from clientsuite import errors
from clientsuite.runtime import ClientConfig, Hooks, RetryConfig, acall, attach, call
from pytest_httpx import HTTPXMock

BASE = "https://items.example.test/v1"
ITEM = {"id": "it_1", "name": "first"}
NO_RETRY = RetryConfig(max_retries=0)


def client_for(demo_api: ModuleType, **settings: Any) -> Any:
    config = ClientConfig(BASE, package="demo_api", **({"retry": NO_RETRY} | settings))
    return attach(demo_api.Client(base_url=BASE), config)


def get_item(client: Any) -> Any:
    from demo_api.api.items import get_item as op

    return call("get_item", op.sync, client=client, item_id="it_1")


@pytest.mark.parametrize(
    ("status", "error_type"),
    [
        (400, errors.BadRequestError),
        (401, errors.AuthenticationError),
        (403, errors.PermissionDeniedError),
        (404, errors.NotFoundError),
        (409, errors.ConflictError),
        (422, errors.UnprocessableEntityError),
        (429, errors.RateLimitError),
        (500, errors.InternalServerError),
        (503, errors.InternalServerError),
        (418, errors.ApiError),
    ],
)
def test_status_maps_to_typed_error(
    demo_api: ModuleType, httpx_mock: HTTPXMock, status: int, error_type: type[errors.ApiError]
) -> None:
    httpx_mock.add_response(
        status_code=status, json={"error": "nope"}, headers={"Authorization": "Bearer s3cr3t"}
    )
    with pytest.raises(error_type) as caught:
        get_item(client_for(demo_api))
    error = caught.value
    assert type(error) is error_type
    assert error.status_code == status
    assert error.json() == {"error": "nope"}
    assert error.headers["authorization"] == "[redacted]"
    assert "s3cr3t" not in repr(error) + str(error) + str(error.headers)


def test_auth_header_never_in_error_or_logs(
    demo_api: ModuleType, httpx_mock: HTTPXMock, caplog: pytest.LogCaptureFixture
) -> None:
    httpx_mock.add_response(status_code=401, json={"error": "bad key"})
    caplog.set_level(logging.DEBUG)
    client = client_for(demo_api, headers={"X-Api-Key": "key_live_123"})
    with pytest.raises(errors.AuthenticationError) as caught:
        get_item(client)
    assert httpx_mock.get_request().headers["x-api-key"] == "key_live_123"  # type: ignore[union-attr]
    assert "key_live_123" not in str(caught.value) + repr(caught.value) + caplog.text


def test_signature_in_query_redacted_from_httpx_logs(
    demo_api: ModuleType, httpx_mock: HTTPXMock, caplog: pytest.LogCaptureFixture
) -> None:
    httpx_mock.add_response(json={"items": []}, is_reusable=True)
    caplog.set_level(logging.DEBUG)
    client = client_for(demo_api)
    from demo_api.api.items import list_items

    client.get_httpx_client().get("/items", params={"auth_signature": "deadbeef", "cursor": "c1"})
    call("list_items", list_items.sync, client=client)
    assert "deadbeef" not in caplog.text
    assert "cursor=c1" in caplog.text
    assert "[redacted]" in caplog.text or "%5Bredacted%5D" in caplog.text


def test_malformed_body_raises_response_validation_error(demo_api: ModuleType, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json={"id": "it_1"})  # "name" is required
    with pytest.raises(errors.ResponseValidationError) as caught:
        get_item(client_for(demo_api))
    assert caught.value.operation == "get_item"
    assert caught.value.body == b'{"id": "it_1"}' or b'"it_1"' in caught.value.body
    assert "name" in caught.value.reason


def test_invalid_json_raises_response_validation_error(demo_api: ModuleType, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(content=b"<html>oops</html>", headers={"content-type": "text/html"})
    with pytest.raises(errors.ResponseValidationError) as caught:
        get_item(client_for(demo_api))
    assert caught.value.body == b"<html>oops</html>"


def test_hooks_modify_request_replace_response_and_see_errors(
    demo_api: ModuleType, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(json={"id": "server", "name": "server"})
    httpx_mock.add_response(status_code=404, json={"error": "gone"})
    seen_errors: list[Exception] = []

    def tag(request: httpx.Request) -> None:
        request.headers["X-Trace"] = "abc"

    def rewrite(response: httpx.Response) -> httpx.Response:
        if response.status_code == 200:
            return httpx.Response(200, json={"id": "hooked", "name": "from hook"}, request=response.request)
        return response

    client = client_for(
        demo_api, hooks=Hooks(before_request=tag, after_response=[rewrite], on_error=seen_errors.append)
    )
    assert get_item(client).name == "from hook"
    assert httpx_mock.get_requests()[0].headers["x-trace"] == "abc"
    with pytest.raises(errors.NotFoundError):
        get_item(client)
    assert len(seen_errors) == 1 and isinstance(seen_errors[0], errors.NotFoundError)


def test_on_error_hook_may_raise_its_own_error(demo_api: ModuleType, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(status_code=500, json={})

    class Mine(Exception):
        pass

    def escalate(error: Exception) -> None:
        raise Mine("escalated") from error

    with pytest.raises(Mine):
        get_item(client_for(demo_api, hooks={"on_error": [escalate]}))


async def test_async_hooks_may_be_coroutines(demo_api: ModuleType, httpx_mock: HTTPXMock) -> None:
    from demo_api.api.items import get_item as op

    httpx_mock.add_response(json=ITEM)
    calls: list[str] = []

    async def before(request: httpx.Request) -> httpx.Request:
        calls.append("before")
        request.headers["X-Async"] = "1"
        return request

    async def after(response: httpx.Response) -> None:
        calls.append(f"after {response.status_code}")

    # pytest-httpx intercepts httpx's own transport: give the async side a plain httpx.AsyncClient
    client = client_for(
        demo_api,
        hooks=Hooks(before_request=[before], after_response=[after]),
        async_http_client=httpx.AsyncClient(),
    )
    item = await acall("get_item", op.asyncio, client=client, item_id="it_1")
    assert item.id == "it_1"
    assert calls == ["before", "after 200"]
    assert httpx_mock.get_request().headers["x-async"] == "1"  # type: ignore[union-attr]


def test_async_hook_on_sync_client_is_refused(demo_api: ModuleType, httpx_mock: HTTPXMock) -> None:
    async def before(request: httpx.Request) -> None:
        return None

    with pytest.raises(TypeError, match="async client"):
        get_item(client_for(demo_api, hooks=Hooks(before_request=[before])))


def test_user_supplied_client_is_used(demo_api: ModuleType) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=ITEM)

    events: list[str] = []
    user = httpx.Client(
        transport=httpx.MockTransport(handler), event_hooks={"request": [lambda r: events.append(r.url.path)]}
    )
    client = client_for(demo_api, http_client=user, headers={"X-Suite": "yes"})
    assert get_item(client).id == "it_1"
    assert seen[0].headers["x-suite"] == "yes"
    assert events == ["/v1/items/it_1"]


async def test_user_supplied_async_client_is_used(demo_api: ModuleType) -> None:
    from demo_api.api.items import get_item as op

    user = httpx.AsyncClient(transport=httpx.MockTransport(lambda r: httpx.Response(200, json=ITEM)))
    client = client_for(demo_api, async_http_client=user)
    assert (await acall("get_item", op.asyncio, client=client, item_id="it_1")).name == "first"


def test_default_timeout_and_pool(demo_api: ModuleType) -> None:
    client = client_for(demo_api)
    httpx_client = client.get_httpx_client()
    assert httpx_client.timeout.read == 60.0
    config = ClientConfig(BASE, timeout=5)
    assert config.build_httpx_client().timeout.connect == 5.0


def test_config_repr_hides_auth_and_clients() -> None:
    config = ClientConfig(BASE, headers={"X-Api-Key": "sk_live_abc"}, auth=httpx.BasicAuth("u", "p4ss"))
    assert "sk_live_abc" not in repr(config)
    assert "p4ss" not in repr(config)
