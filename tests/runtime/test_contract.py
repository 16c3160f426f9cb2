"""What the README promises, against real servers: hook order, retries, timeouts, credentials, offline."""

from __future__ import annotations

import contextlib
import pickle
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import httpx
import pytest
from clientsuite.cache import AsyncRedisCache, RedisCache
from clientsuite.errors import ApiTimeoutError
from clientsuite.lumos import ConnectorClient
from clientsuite.metagov import Metagov
from clientsuite.pluginlab import App
from clientsuite.pluginlab.webhooks import Webhook
from clientsuite.pusher import AsyncPusher, Pusher
from clientsuite.runtime import ClientConfig, RequestOptions, RetryConfig, attach, call
from clientsuite.schematic import AsyncSchematic, Schematic, SchematicConfig

from tests.fixtures.asgi_server import serve_asgi
from tests.fixtures.http_server import Reply, ScriptedServer
from tests.pusher.fake_channels import FakeChannels

MASTER_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="  # base64 of 32 bytes


@pytest.fixture
def channels() -> Iterator[tuple[FakeChannels, Pusher, AsyncPusher]]:
    fake = FakeChannels(app_id="123", key="app-key", secret="app-secret-value")
    with serve_asgi(fake.app()) as url:
        parts = httpx.URL(url)
        options: dict[str, Any] = {"host": parts.host, "port": parts.port, "ssl": False}
        yield (
            fake,
            Pusher("123", "app-key", "app-secret-value", **options),
            AsyncPusher("123", "app-key", "app-secret-value", **options),
        )


def pusher_for(fake: FakeChannels, template: Pusher, **kwargs: Any) -> Pusher:
    return Pusher(
        "123", "app-key", "app-secret-value", host=template.host, port=template.port, ssl=False, **kwargs
    )


def test_before_request_changes_are_signed(channels: tuple[FakeChannels, Pusher, AsyncPusher]) -> None:
    fake, template, _ = channels

    def add_param(request: httpx.Request) -> None:
        request.url = request.url.copy_merge_params({"tenant": "acme"})

    client = pusher_for(fake, template, hooks={"before_request": [add_param]})
    client.trigger("orders", "created", {"id": 1})  # the fake answers 401 to a bad signature
    assert fake.events[-1]["name"] == "created"


def test_after_response_sees_every_attempt(channels: tuple[FakeChannels, Pusher, AsyncPusher]) -> None:
    fake, template, _ = channels
    fake.failures.extend([429, 429])
    seen: list[tuple[int, int]] = []

    def count_rate_limits(response: httpx.Response) -> None:
        seen.append((response.status_code, response.request.extensions["attempt"]))

    client = pusher_for(fake, template, hooks={"after_response": [count_rate_limits]})
    client.trigger("orders", "created", {"id": 1})
    assert seen == [(429, 1), (429, 2), (200, 3)]


async def test_trigger_answered_503_is_retried(channels: tuple[FakeChannels, Pusher, AsyncPusher]) -> None:
    fake, template, async_client = channels
    fake.failures.append(503)
    template.trigger("orders", "created", {"id": 1})
    assert fake.requests == 2
    fake.failures.append(503)
    await async_client.trigger("orders", "created", {"id": 2})
    await async_client.aclose()
    assert fake.requests == 4 and len(fake.events) == 2


def test_users_http_client_keeps_its_timeout(demo_api: ModuleType, scripted_server: ScriptedServer) -> None:
    from demo_api.api.items import get_item

    scripted_server.enqueue(
        Reply(200, {"id": "1", "name": "n"}, delay=1.5), Reply(200, {"id": "1", "name": "n"}, delay=1.0)
    )
    config = ClientConfig(
        scripted_server.url,
        package="demo_api",
        retry=RetryConfig(max_retries=0),
        http_client=httpx.Client(timeout=0.5),
    )
    api = attach(demo_api.Client(base_url=scripted_server.url), config, asynchronous=False)
    started = time.monotonic()
    with pytest.raises(ApiTimeoutError):
        call("get_item", get_item.sync, client=api, item_id="1")
    assert time.monotonic() - started < 1.4  # the server answers after 1.5 s
    # a timeout passed to the suite for the call wins over the client's
    item = call("get_item", get_item.sync, RequestOptions(timeout_in_seconds=3), client=api, item_id="1")
    assert item.name == "n"


BAD = "sk_RECOGNISABLE_9c1d\n"


@pytest.mark.parametrize(
    ("build", "argument"),
    [
        (lambda: Pusher("1", "app-key", BAD), "secret"),
        (lambda: AsyncPusher("1", "app-key", " " + BAD.strip()), "secret"),
        (lambda: Pusher("1", BAD, "fine"), "key"),
        (lambda: Schematic(BAD), "api_key"),
        (lambda: AsyncSchematic(BAD), "api_key"),
        (lambda: App(BAD, "plugin"), "secret_key"),
        (lambda: Webhook(BAD), "secret"),
    ],
)
def test_bad_credentials_are_refused_at_construction(build: Any, argument: str) -> None:
    with pytest.raises(ValueError) as caught:
        build()
    assert argument in str(caught.value)
    assert "RECOGNISABLE" not in str(caught.value) and "RECOGNISABLE" not in repr(caught.value)


def test_clients_hold_credentials_only_as_secrets() -> None:
    pusher = Pusher("1", "app-key", "sk_RECOGNISABLE", encryption_master_key_base64=MASTER_KEY)
    app = App("sk_RECOGNISABLE", "plugin")
    schematic = Schematic("sk_RECOGNISABLE", SchematicConfig(offline=True))
    for client in (pusher, app, schematic):
        assert "RECOGNISABLE" not in repr(vars(client))
        assert "0123456789abcdef" not in repr(vars(client))
        assert MASTER_KEY not in repr(vars(client))
        with pytest.raises(TypeError, match="pickle"):
            pickle.dumps(client)
    schematic.close()


def test_log_redaction_is_active_from_import(scripted_server: ScriptedServer) -> None:
    script = (
        "import logging, sys, httpx, clientsuite\n"
        "logging.basicConfig(level=logging.DEBUG, stream=sys.stdout)\n"
        f"httpx.get('{scripted_server.url}/oauth/token?client_secret=cs_RECOGNISABLE&grant_type=x')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert "HTTP Request" in out.stdout
    assert "cs_RECOGNISABLE" not in out.stdout + out.stderr
    request_line = next(line for line in out.stdout.splitlines() if "HTTP Request" in line)
    assert "client_secret=" in request_line and "redacted" in request_line


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """A socket guard: any attempt to connect anywhere is recorded and refused."""
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("the socket guard refused a connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


async def test_offline_clients_open_no_socket(no_network: list[object]) -> None:
    pusher = Pusher("1", "app-key", "secret", offline=True)
    pusher.trigger("orders", "created", {"id": 1})
    async with AsyncPusher("1", "app-key", "secret", offline=True) as async_pusher:
        await async_pusher.trigger("orders", "created", {})
    redis = RedisCache("redis://127.0.0.1:6390/0")
    schematic = Schematic(
        "", SchematicConfig(offline=True, cache_providers=[redis], flag_defaults={"f": True})
    )
    assert schematic.check_flag("f", {"id": "c"}) is True
    assert schematic.check_flags(["f"])[0].value is True
    schematic.track("event")
    schematic.close(timeout=1)
    aredis = AsyncRedisCache("redis://127.0.0.1:6390/0")
    aschematic = AsyncSchematic("", SchematicConfig(offline=True, cache_providers=[aredis]))
    assert await aschematic.check_flag("f") is False
    await aschematic.aclose(timeout=1)
    app = App("", "plugin", offline=True)
    assert app.get_auth().get_member_by_id("mem_1") is not None
    Metagov(offline=True).get_community("anything")
    assert ConnectorClient("http://connector", offline=True).info().response.app_id == "github"
    assert no_network == []


def _timeout_seen(build: Callable[..., Any], drive: Callable[[Any], Any], **options: Any) -> float | None:
    """The read timeout a user's own client (built with 7.5 s) was asked to apply."""
    seen: list[float | None] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"]["read"])
        return httpx.Response(200, json={})

    user = httpx.Client(transport=httpx.MockTransport(answer), timeout=7.5)
    with contextlib.suppress(Exception):  # the answer may not fit the model; the request was made
        drive(build(user, **options))
    assert seen, "the call reached the user's client"
    return seen[0]


FACADES: dict[str, tuple[Callable[..., Any], Callable[[Any], Any]]] = {
    "pusher": (
        lambda user, **o: Pusher("1", "key", "secret", http_client=user, max_retries=0, **o),
        lambda p: p.trigger("orders", "created", {}),
    ),
    "schematic": (
        lambda user, **o: Schematic("api-key", SchematicConfig(httpx_client=user, max_retries=0, **o)),
        lambda s: s.companies.get_company("comp_1"),
    ),
    "pluginlab": (
        lambda user, **o: App("admin-secret", "plugin", http_client=user, max_retries=0, **o),
        lambda a: a.get_auth().get_member_by_id("mem_1"),
    ),
    "metagov": (
        lambda user, **o: Metagov(
            "http://metagov.test", validate=False, http_client=user, max_retries=0, **o
        ),
        lambda m: m.get_community("c"),
    ),
    "lumos": (
        lambda user, **o: ConnectorClient(
            "http://connector.test", http_client=user, check_capabilities=False, max_retries=0, **o
        ),
        lambda c: c.validate_credentials(),
    ),
}


@pytest.mark.parametrize("service", sorted(FACADES))
def test_users_client_keeps_its_timeout_unless_one_is_passed(service: str) -> None:
    build, drive = FACADES[service]
    assert _timeout_seen(build, drive) == 7.5  # the facade's default does not replace the user's
    assert _timeout_seen(build, drive, timeout=2.0) == 2.0  # one passed by hand wins
