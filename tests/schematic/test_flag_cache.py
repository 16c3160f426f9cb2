"""The cached check: key-order stability, the remembered key sets, TTL, LRU and threads."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from clientsuite.cache import AsyncRedisCache, LocalCache
from clientsuite.schematic import AsyncSchematic, CheckFlagOptions, Schematic, SchematicConfig
from pytest_httpx import HTTPXMock

API = "https://api.schematichq.com"


def answer(value: bool) -> dict[str, object]:
    return {"data": {"flag": "f", "value": value, "reason": "rule"}, "params": {}}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def client_with(cache: LocalCache[Any]) -> Schematic:
    return Schematic("k", SchematicConfig(max_retries=0, cache_providers=[cache]))


def test_equal_key_sets_in_any_order_share_one_entry(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=answer(True))
    httpx_mock.add_response(json=answer(False))
    client = Schematic("k", SchematicConfig(max_retries=0))
    company, user = {"id": "c1", "plan": "pro"}, {"user_id": "u1", "role": "admin"}
    assert client.check_flag("f", company, user) is True
    assert client.check_flag("f", {"plan": "pro", "id": "c1"}, {"role": "admin", "user_id": "u1"}) is True
    assert client.check_flag("f", {"id": "c2"}, user) is False  # another company: asked
    # The remembered pair is c2's now; the first pair, reordered, is still the first entry.
    assert client.check_flag("f", {"plan": "pro", "id": "c1"}, {"role": "admin", "user_id": "u1"}) is True
    assert client.check_flag("f", company, user) is True
    assert len(httpx_mock.get_requests()) == 2
    client.close()


def test_a_dict_changed_after_a_check_is_another_context(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=answer(True))
    httpx_mock.add_response(json=answer(False))
    client = Schematic("k", SchematicConfig(max_retries=0))
    company = {"id": "a"}
    assert client.check_flag("f", company) is True
    company["id"] = "b"  # the same dict object, other keys: must not reuse "a"'s key
    assert client.check_flag("f", company) is False
    company["id"] = "a"
    assert client.check_flag("f", company) is True  # "a"'s entry again
    requests = httpx_mock.get_requests()
    assert [json.loads(r.content)["company"] for r in requests] == [{"id": "a"}, {"id": "b"}]
    client.close()


def test_unhashable_values_are_keyed_by_their_json(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=answer(True))
    httpx_mock.add_response(json=answer(False))
    client = Schematic("k", SchematicConfig(max_retries=0))
    tags = ["x", "y"]
    assert client.check_flag("f", {"id": "c", "tags": tags}) is True
    assert client.check_flag("f", {"tags": ["x", "y"], "id": "c"}) is True  # equal, any order
    tags.append("z")  # a changed inner value is another context
    assert client.check_flag("f", {"id": "c", "tags": tags}) is False
    assert len(httpx_mock.get_requests()) == 2
    client.close()


def test_ttl_expiry_asks_again(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=answer(True))
    httpx_mock.add_response(json=answer(False))
    clock = Clock()
    client = client_with(LocalCache(ttl_ms=1000, clock=clock))
    assert client.check_flag("f", {"id": "c"}) is True
    clock.now += 0.999
    assert client.check_flag("f", {"id": "c"}) is True  # still cached
    clock.now += 0.002
    assert client.check_flag("f", {"id": "c"}) is False  # expired: the API's new answer
    assert client.check_flag("f", {"id": "c"}) is False
    assert len(httpx_mock.get_requests()) == 2
    client.close()


def test_lru_eviction_keeps_the_recently_checked(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=answer(True), is_reusable=True)
    client = client_with(LocalCache(max_size=2, ttl_ms=60_000))
    for company in ("a", "b", "a", "a", "c"):  # a checked after b: c's entry evicts b
        client.check_flag("f", {"id": company})
    assert len(httpx_mock.get_requests()) == 3
    client.check_flag("f", {"id": "a"})  # still cached
    assert len(httpx_mock.get_requests()) == 3
    client.check_flag("f", {"id": "b"})  # evicted: asked again
    assert [json.loads(r.content)["company"]["id"] for r in httpx_mock.get_requests()] == ["a", "b", "c", "b"]
    client.close()


def test_options_without_a_preflight_read_the_cache_and_a_preflight_does_not(
    httpx_mock: HTTPXMock,
) -> None:
    httpx_mock.add_response(json=answer(True), is_reusable=True)
    client = Schematic("k", SchematicConfig(max_retries=0))
    assert client.check_flag("f", {"id": "c"}) is True
    assert client.check_flag("f", {"id": "c"}, options=CheckFlagOptions(default_value=False)) is True
    assert len(httpx_mock.get_requests()) == 1
    assert client.check_flag("f", {"id": "c"}, options=CheckFlagOptions(usage=2)) is True
    assert len(httpx_mock.get_requests()) == 2
    assert json.loads(httpx_mock.get_requests()[1].content)["preflight"]["usage"] == 2
    client.close()


def test_bad_arguments_raise_even_when_the_key_sets_are_remembered(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=answer(True))
    client = Schematic("k", SchematicConfig(max_retries=0))
    assert client.check_flag("f", {"id": "c"}) is True
    with pytest.raises(TypeError, match="flag_key"):
        client.check_flag(["f"], {"id": "c"})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="flag_key"):
        client.check_flag("", {"id": "c"})
    with pytest.raises(TypeError, match="company must be a dict"):
        client.check_flag("f", "acme")  # type: ignore[arg-type]
    client.close()


class _ParityServer(BaseHTTPRequestHandler):
    """Answers a flag check with True for even company ids, False for odd ones."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        value = int(body["company"]["id"]) % 2 == 0
        payload = json.dumps(answer(value)).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


@pytest.fixture
def parity_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _ParityServer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_threads_hitting_and_filling_get_their_own_answers(parity_url: str) -> None:
    client = Schematic("k", SchematicConfig(base_url=parity_url, max_retries=0))
    wrong: list[tuple[int, bool]] = []
    errors: list[BaseException] = []
    start = threading.Barrier(6)

    def worker(offset: int) -> None:
        try:
            start.wait()
            for n in range(3000):
                company = (n // 2 + offset) % 12  # runs of one company, then another
                user = {"user_id": f"u{n % 3}", "role": "r"} if n % 5 else None
                value = client.check_flag("f", {"id": str(company)}, user)
                if value is not (company % 2 == 0):
                    wrong.append((company, value))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(i * 5,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    client.close()
    assert errors == []
    assert wrong == []


async def test_async_client_answers_from_the_local_cache(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=answer(True))
    httpx_mock.add_response(json=answer(False))
    config = SchematicConfig(max_retries=0, http_client=httpx.AsyncClient())
    async with AsyncSchematic("k", config) as client:
        assert await client.check_flag("f", {"id": "c", "plan": "pro"}) is True
        assert await client.check_flag("f", {"plan": "pro", "id": "c"}) is True
        assert await client.check_flag("f", {"id": "d"}) is False
    assert len(httpx_mock.get_requests()) == 2


async def test_async_client_with_only_a_shared_cache(redis_url: str, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=answer(True))
    clients = [
        AsyncSchematic(
            "k",
            SchematicConfig(
                max_retries=0,
                http_client=httpx.AsyncClient(),
                cache_providers=[AsyncRedisCache(redis_url, ttl_ms=5000, prefix="test-flag-cache:")],
            ),
        )
        for _ in range(2)
    ]
    assert await clients[0].check_flag("f", {"id": "shared"}) is True
    assert await clients[1].check_flag("f", {"id": "shared"}) is True  # from Redis: no local cache
    assert len(httpx_mock.get_requests()) == 1
    for client in clients:
        await client.aclose()
