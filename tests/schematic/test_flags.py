"""Flag checks: cache, API, defaults, outages (pytest-httpx and a real server)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
from clientsuite.cache import LocalCache, RedisCache
from clientsuite.schematic import Schematic, SchematicConfig
from pytest_httpx import HTTPXMock

from tests.fixtures.http_server import Reply, ScriptedServer

API = "https://api.schematichq.com"


def flag_response(flag: str, value: bool) -> dict[str, object]:
    return {"data": {"flag": flag, "value": value, "reason": "rule"}, "params": {}}


@pytest.fixture
def client() -> Iterator[Schematic]:
    schematic = Schematic("sch_test_key", SchematicConfig(max_retries=0, flag_defaults={"beta": True}))
    yield schematic
    schematic.close()


def test_check_flag_calls_api_once_then_uses_cache(client: Schematic, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=f"{API}/flags/beta/check", json=flag_response("beta", False))
    company, user = {"id": "c1", "plan": "pro"}, {"user_id": "u1"}
    assert client.check_flag("beta", company=company, user=user) is False
    assert client.check_flag("beta", company={"plan": "pro", "id": "c1"}, user=user) is False  # any key order
    request = httpx_mock.get_request()
    assert request is not None
    assert json.loads(request.content) == {"company": company, "user": user}
    assert request.headers["x-schematic-api-key"] == "sch_test_key"


def test_different_contexts_are_cached_apart(client: Schematic, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=flag_response("beta", True))
    httpx_mock.add_response(json=flag_response("beta", False))
    assert client.check_flag("beta", company={"id": "a"}) is True
    assert client.check_flag("beta", company={"id": "b"}) is False
    assert len(httpx_mock.get_requests()) == 2


def test_api_failure_returns_default_and_logs_once(
    client: Schematic, httpx_mock: HTTPXMock, caplog: pytest.LogCaptureFixture
) -> None:
    httpx_mock.add_response(status_code=500, json={"error": "boom"}, is_reusable=True)
    with caplog.at_level(logging.WARNING, logger="clientsuite.schematic"):
        assert client.check_flag("beta") is True  # from flag_defaults
        assert client.check_flag("other") is False  # no default: False
        assert client.check_flag("beta") is True
    warnings = [r for r in caplog.records if "failing" in r.getMessage()]
    assert len(warnings) == 1
    assert "sch_test_key" not in caplog.text


def test_offline_uses_defaults_without_network(httpx_mock: HTTPXMock) -> None:
    client = Schematic("", SchematicConfig(offline=True, flag_defaults={"some-flag-key": True}))
    assert client.check_flag("some-flag-key") is True
    assert client.check_flag("missing") is False
    assert [f.flag for f in client.check_flags()] == ["some-flag-key"]
    assert httpx_mock.get_requests() == []
    client.close()


def test_caching_disabled(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=flag_response("f", True), is_reusable=True)
    client = Schematic("k", SchematicConfig(cache_providers=[]))
    client.check_flag("f")
    client.check_flag("f")
    assert len(httpx_mock.get_requests()) == 2
    client.close()


def test_check_flags_bulk_fills_cache(client: Schematic, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        url=f"{API}/flags/check",
        json={
            "data": {
                "flags": [flag_response("a", True)["data"], flag_response("b", False)["data"]],
                "credit_spend_policies": [],
            },
            "params": {},
        },
    )
    results = client.check_flags(["a", "b", "gone"], company={"id": "c"})
    assert [(r.flag, r.value) for r in results] == [("a", True), ("b", False), ("gone", False)]
    assert "not found" in results[2].reason
    assert client.check_flag("a", company={"id": "c"}) is True  # cached by the bulk call
    assert [(r.flag, r.value) for r in client.check_flags(["a", "b"], company={"id": "c"})] == [
        ("a", True),
        ("b", False),
    ]
    assert len(httpx_mock.get_requests()) == 1


def test_programming_errors_are_raised(client: Schematic) -> None:
    with pytest.raises(TypeError):
        client.check_flag("f", company="acme")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        client.check_flag("")


def test_set_flag_defaults(client: Schematic, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(status_code=503, is_reusable=True)
    client.set_flag_default("x", True)
    client.set_flag_defaults({"y": True})
    assert client.check_flag("x") and client.check_flag("y")


def test_redis_shares_checks_between_clients(redis_url: str, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=flag_response("shared", True))
    first = Schematic(
        "k", SchematicConfig(cache_providers=[LocalCache(), RedisCache(redis_url, ttl_ms=5000)])
    )
    second = Schematic(
        "k", SchematicConfig(cache_providers=[LocalCache(), RedisCache(redis_url, ttl_ms=5000)])
    )
    assert first.check_flag("shared", company={"id": "c"}) is True
    assert second.check_flag("shared", company={"id": "c"}) is True  # from Redis, no second API call
    assert len(httpx_mock.get_requests()) == 1
    first.close()
    second.close()


def test_broken_cache_is_a_miss(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=flag_response("f", True))
    broken = RedisCache("redis://127.0.0.1:1/0", ttl_ms=1000)
    client = Schematic("k", SchematicConfig(cache_providers=[broken]))
    assert client.check_flag("f") is True
    client.close()


def test_outage_then_recovery_on_a_real_server(
    scripted_server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    config = SchematicConfig(base_url=scripted_server.url, cache_providers=[], flag_defaults={"f": True})
    client = Schematic("k", config)
    scripted_server.enqueue(*(Reply(503, {"error": "down"}) for _ in range(3)))
    with caplog.at_level(logging.INFO, logger="clientsuite.schematic"):
        assert client.check_flag("f") is True  # 503 x3 (retries spent): the default
        assert len(scripted_server.seen) == 3
        scripted_server.stop()  # now the server is gone entirely
        assert client.check_flag("f") is True
        restarted = ScriptedServer(port=int(scripted_server.url.rsplit(":", 1)[1]))
        restarted.enqueue(Reply(200, flag_response("f", False)))
        restarted.start()
        assert client.check_flag("f") is False  # recovered: the API's answer
        restarted.stop()
    messages = [r.getMessage() for r in caplog.records]
    assert sum("failing" in m for m in messages) == 1
    assert any("recovered" in m for m in messages)
    client.close()
