"""The suite's own httpx clients: plain sends skip httpx's layers, everything else keeps them."""

from __future__ import annotations

import logging

import httpx
import pytest
from clientsuite.runtime import ClientConfig
from clientsuite.runtime.clients import SuiteAsyncClient, SuiteClient


def answer(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/moved":
        return httpx.Response(302, headers={"location": "/here"})
    return httpx.Response(200, json={"path": request.url.path}, headers={"set-cookie": "lb=node-7; Path=/"})


def config(**options: object) -> ClientConfig:
    user = httpx.Client(transport=httpx.MockTransport(answer))
    auser = httpx.AsyncClient(transport=httpx.MockTransport(answer))
    return ClientConfig("http://api.test", http_client=user, async_http_client=auser, **options)  # type: ignore[arg-type]


def test_a_plain_send_keeps_no_cookie_and_still_logs_httpx_line(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="httpx")
    client = config().build_httpx_client()
    assert isinstance(client, SuiteClient)
    response = client.get("/items")
    assert response.json() == {"path": "/items"}
    assert response.request.url == "http://api.test/items"
    assert not client.cookies  # a suite client keeps none: every service authenticates by key
    lines = [r.getMessage() for r in caplog.records if r.name == "httpx" and "HTTP Request" in r.getMessage()]
    # the suite client's line, and the user's client's own (as with httpx.Client outside)
    assert lines == ['HTTP Request: GET http://api.test/items "HTTP/1.1 200 OK"'] * 2


def test_redirects_asked_for_and_streams_go_through_httpx() -> None:
    client = config().build_httpx_client()
    assert client.get("/moved").status_code == 302  # the suite never follows on its own
    followed = client.get("/moved", follow_redirects=True)
    assert followed.status_code == 200 and followed.json() == {"path": "/here"}
    with client.stream("GET", "/streamed") as streamed:
        assert streamed.read() == b'{"path":"/streamed"}'


def test_a_closed_client_refuses_like_httpx() -> None:
    client = config().build_httpx_client()
    client.close()
    with pytest.raises(RuntimeError):
        client.get("/items")


async def test_the_async_client_sends_directly_too(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="httpx")
    client = config().build_async_httpx_client()
    assert isinstance(client, SuiteAsyncClient)
    async with client:
        response = await client.get("/items")
        assert response.json() == {"path": "/items"}
        assert not client.cookies
        followed = await client.get("/moved", follow_redirects=True)
        assert followed.json() == {"path": "/here"}
    assert any("HTTP Request: GET http://api.test/items" in r.getMessage() for r in caplog.records)
    with pytest.raises(RuntimeError):
        await client.get("/items")


@pytest.mark.parametrize("base", ["http://api.test", "http://api.test/v2/", "http://api.test/v2"])
@pytest.mark.parametrize(
    "url", ["/items", "items", "/items?q=a b", "/a/%2F/b", "http://other.test/x?y=1", "", "/é"]
)
def test_urls_are_joined_exactly_as_httpx_joins_them(base: str, url: str) -> None:
    ours = ClientConfig(base).build_httpx_client()
    plain = httpx.Client(base_url=base)
    for _ in range(2):  # the second time from the cache
        assert ours.build_request("GET", url).url == plain.build_request("GET", url).url
    ours.base_url = plain.base_url = "http://moved.test/v3/"  # a changed base starts the cache over
    assert ours.build_request("GET", url).url == plain.build_request("GET", url).url
    assert (
        ours.build_request("GET", url, params={"p": "1"}).url
        == plain.build_request("GET", url, params={"p": "1"}).url
    )


def test_event_hooks_or_an_auth_set_on_the_client_are_honoured() -> None:
    seen: list[str] = []
    client = config().build_httpx_client()
    client.event_hooks["request"].append(lambda request: seen.append(request.url.path))
    client.get("/hooked")
    assert seen == ["/hooked"]  # httpx's own send ran the hook
    client.event_hooks = {}
    client.auth = httpx.BasicAuth("user", "pass")
    assert client.get("/items").request.headers["authorization"].startswith("Basic ")
