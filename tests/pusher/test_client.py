"""``Pusher`` / ``AsyncPusher`` with pytest-httpx: what each method sends and returns."""

from __future__ import annotations

import base64
import json
import os
from typing import Any

import httpx
import pytest
from clientsuite.errors import AuthenticationError, ResponseValidationError
from clientsuite.pusher import AsyncPusher, Pusher
from clientsuite.pusher.signing import signed_params
from clientsuite.runtime import RequestOptions
from pytest_httpx import HTTPXMock

APP = {"app_id": "123", "key": "app-key", "secret": "app-secret-value", "cluster": "eu"}
BASE = "https://api-eu.pusher.com/apps/123"


def sent_json(request: httpx.Request) -> Any:
    return json.loads(request.content)


def assert_signed(request: httpx.Request) -> None:
    params = dict(request.url.params.multi_items())
    signature = params.pop("auth_signature")
    expected = signed_params(
        "app-key",
        "app-secret-value",
        request.method,
        request.url.path,
        {k: v for k, v in params.items() if not k.startswith("auth_") and k != "body_md5"},
        request.content,
        int(params["auth_timestamp"]),
    )
    assert expected["auth_signature"] == signature
    assert params["auth_key"] == "app-key"


@pytest.fixture
def client() -> Pusher:
    return Pusher(**APP, max_retries=0)


def test_trigger_sends_a_signed_event(client: Pusher, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(method="POST", json={})
    assert client.trigger(["a", "b"], "an_event", {"some": "data"}, "1234.12") == {}
    request = httpx_mock.get_request()
    assert request is not None
    assert sent_json(request) == {
        "name": "an_event",
        "data": '{"some": "data"}',
        "channels": ["a", "b"],
        "socket_id": "1234.12",
    }
    assert_signed(request)


def test_trigger_returns_channel_attributes(client: Pusher, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json={"channels": {"a": {"subscription_count": 3}}, "event_ids": {"a": "e1"}})
    result = client.trigger("a", "ev", "raw text", info=["subscription_count"])
    assert result == {"channels": {"a": {"subscription_count": 3}}, "event_ids": {"a": "e1"}}
    request = httpx_mock.get_request()
    assert request is not None and sent_json(request)["info"] == "subscription_count"
    assert sent_json(request)["data"] == "raw text"


def test_encrypted_trigger(httpx_mock: HTTPXMock) -> None:
    master = base64.b64encode(os.urandom(32)).decode()
    client = Pusher(**APP, encryption_master_key_base64=master)
    httpx_mock.add_response(json={})
    client.trigger("private-encrypted-room", "ev", {"secret": "plan"})
    request = httpx_mock.get_request()
    assert request is not None
    data = sent_json(request)["data"]
    assert "plan" not in data and set(json.loads(data)) == {"nonce", "ciphertext"}
    assert json.loads(client.decrypt("private-encrypted-room", data)) == {"secret": "plan"}


def test_encrypted_channel_without_master_key_sends_nothing(client: Pusher) -> None:
    with pytest.raises(ValueError, match="encryption_master_key_base64"):
        client.trigger("private-encrypted-room", "ev", {})


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("bad channel", "ev", {}), ValueError),
        (([f"c{i}" for i in range(101)], "ev", {}), ValueError),
        (("a", "e" * 201, {}), ValueError),
        (("a", "ev", "x" * 10241), ValueError),
        (("a", "ev", {}, "not-a-socket"), ValueError),
        (("a", 42, {}), TypeError),
        (("a", "ev", {"x": object()}), TypeError),
    ],
)
def test_invalid_triggers_send_nothing(
    client: Pusher, httpx_mock: HTTPXMock, args: tuple[Any, ...], error: type
) -> None:
    with pytest.raises(error):
        client.trigger(*args)
    assert httpx_mock.get_requests() == []


def test_max_event_bytes_is_configurable(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json={})
    Pusher(**APP, max_event_bytes=20_000).trigger("a", "ev", "x" * 15_000)
    assert len(httpx_mock.get_requests()) == 1


def test_trigger_batch(client: Pusher, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json={"batch": [{"subscription_count": 1}, {}]})
    result = client.trigger_batch(
        [
            {"channel": "a", "name": "ev", "data": {"n": 1}, "socket_id": "1.1"},
            {"channel": "b", "name": "ev", "data": "two"},
        ]
    )
    assert result == {"batch": [{"subscription_count": 1}, {}]}
    request = httpx_mock.get_request()
    assert request is not None and request.url.path == "/apps/123/batch_events"
    assert sent_json(request)["batch"][0] == {
        "channel": "a",
        "name": "ev",
        "data": '{"n": 1}',
        "socket_id": "1.1",
    }
    assert_signed(request)


def test_batch_limits(client: Pusher, httpx_mock: HTTPXMock) -> None:
    with pytest.raises(ValueError, match="limit is 10"):
        client.trigger_batch([{"channel": "a", "name": "e", "data": ""}] * 11)
    with pytest.raises(ValueError, match="missing data"):
        client.trigger_batch([{"channel": "a", "name": "e"}])
    assert httpx_mock.get_requests() == []


def test_channel_queries(client: Pusher, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json={"channels": {"presence-room": {"user_count": 2}}})
    httpx_mock.add_response(json={"occupied": True, "user_count": 42})
    httpx_mock.add_response(json={"users": [{"id": "1035"}]})
    assert client.channels_info("presence-", ["user_count"]) == {
        "channels": {"presence-room": {"user_count": 2}}
    }
    assert client.channel_info("presence-room", ["user_count"]) == {"occupied": True, "user_count": 42}
    assert client.users_info("presence-room") == {"users": [{"id": "1035"}]}
    first, second, third = httpx_mock.get_requests()
    assert first.url.params["filter_by_prefix"] == "presence-" and first.url.params["info"] == "user_count"
    assert second.url.path == "/apps/123/channels/presence-room"
    assert third.url.path == "/apps/123/channels/presence-room/users"
    for request in (first, second, third):
        assert_signed(request)


def test_terminate_user_connections(client: Pusher, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json={})
    assert client.terminate_user_connections("user-1") == {}
    request = httpx_mock.get_request()
    assert request is not None and request.url.path == "/apps/123/users/user-1/terminate_connections"


def test_typed_error_never_leaks_the_secret(client: Pusher, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(status_code=401, json={"error": "Invalid signature"})
    with pytest.raises(AuthenticationError) as caught:
        client.channel_info("a")
    text = str(caught.value) + repr(caught.value) + repr(client)
    assert "app-secret-value" not in text
    assert "Invalid signature" in str(caught.value)


def test_malformed_response(client: Pusher, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json={"users": [{"name": "no id"}]})
    with pytest.raises(ResponseValidationError) as caught:
        client.users_info("presence-room")
    assert caught.value.operation == "get_users"


def test_request_options_override_retries(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(status_code=503, json={"error": "busy"})
    httpx_mock.add_response(json={"occupied": False})
    client = Pusher(**APP, max_retries=0)
    assert client.channel_info("a", request_options=RequestOptions(max_retries=1)) == {"occupied": False}
    assert len(httpx_mock.get_requests()) == 2


def test_constructor_checks() -> None:
    with pytest.raises(TypeError):
        Pusher(app_id=123, key="k", secret="s")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Pusher(**APP, port="443")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="32 bytes"):
        Pusher(**APP, encryption_master_key_base64=base64.b64encode(b"short").decode())
    with pytest.raises(TypeError, match="http_client"):
        Pusher(**APP, backend=object())
    with pytest.raises(TypeError, match=r"httpx\.Client"):
        Pusher(**APP, http_client=httpx.AsyncClient())
    with pytest.raises(TypeError, match=r"httpx\.AsyncClient"):
        AsyncPusher(**APP, http_client=httpx.Client())


def test_hosts_and_from_url() -> None:
    assert Pusher(**APP).base_url == "https://api-eu.pusher.com"
    assert Pusher("1", "k", "s").base_url == "https://api-mt1.pusher.com"
    assert Pusher("1", "k", "s", host="localhost", port=8080, ssl=False).base_url == "http://localhost:8080"
    client = Pusher.from_url("http://key:sec@example.test:4000/apps/77")
    assert (client.app_id, client.key, client.base_url) == ("77", "key", "http://example.test:4000")
    assert "sec" not in repr(client)
    with pytest.raises(ValueError):
        Pusher.from_url("http://example.test/apps/77")


def test_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUSHER_URL", "https://k:s@api-eu.pusher.com/apps/9")
    assert Pusher.from_env().app_id == "9"
    monkeypatch.delenv("PUSHER_URL")
    with pytest.raises(OSError, match="PUSHER_URL"):
        Pusher.from_env()


def test_user_http_client_is_used_and_not_closed() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    mine = httpx.Client(transport=httpx.MockTransport(handler))
    with Pusher(**APP, http_client=mine) as client:
        client.trigger("a", "ev", {})
    assert len(seen) == 1 and "auth_signature" in seen[0].url.params
    assert not mine.is_closed


def test_offline_mode_sends_nothing_and_records() -> None:
    client = Pusher(**APP, offline=True)
    assert client.channel_info("presence-chatroom") == {"occupied": True, "user_count": 42}
    client.trigger(["a", "b"], "ev", {"n": 1})
    assert [e["channel"] for e in client.sent_events()] == ["a", "b"]
    with pytest.raises(RuntimeError):
        Pusher(**APP).sent_events()


async def test_async_client(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json={})
    httpx_mock.add_response(json={"occupied": True})
    # pytest-httpx intercepts httpx's own transport, which a plain httpx.AsyncClient uses
    async with AsyncPusher(**APP, http_client=httpx.AsyncClient()) as client:
        assert await client.trigger("a", "ev", {"x": 1}) == {}
        assert await client.channel_info("a") == {"occupied": True}
    first = httpx_mock.get_requests()[0]
    assert sent_json(first)["data"] == '{"x": 1}'
    assert_signed(first)


async def test_async_offline_and_batch() -> None:
    async with AsyncPusher(**APP, offline=True) as client:
        await client.trigger_batch([{"channel": "a", "name": "e", "data": 1}])
        assert await client.users_info("presence-x") == {"users": [{"id": "1035"}, {"id": "4821"}]}
        assert await client.channels_info() == {
            "channels": {"presence-chatroom": {"user_count": 2}, "presence-notifications": {"user_count": 1}}
        }
        assert await client.terminate_user_connections("u") == {}
        assert client.sent_events()[0]["data"] == "1"


def test_the_size_limit_counts_the_official_json_text() -> None:
    """``[1, 1, ...]`` with the official separators is 10 500 bytes; the compact form would be 7 001."""
    data = [1] * 3500
    assert len(json.dumps(data).encode()) > 10240 > len(json.dumps(data, separators=(",", ":")))
    with pytest.raises(ValueError, match="10500 bytes"):
        Pusher(**APP, offline=True).trigger("a", "ev", data)
    text = {"ü": "€" * 3000}  # raw UTF-8: 9 000 bytes of euro signs, not 18 000 characters of escapes
    client = Pusher(**APP, offline=True)
    client.trigger("a", "ev", text)
    assert client.sent_events()[-1]["data"] == '{"ü": "' + "€" * 3000 + '"}'
