"""Build every client with recognisable secrets, drive success and failure at DEBUG logging, and
find the secrets nowhere: log records, exception text, tracebacks, cause/context chains, reprs,
``vars()``, pickles.

Servers are real: the Channels fake (checks signatures), a scripted HTTP server, a raw asyncio
server that answers garbage, and a closed port.
"""

from __future__ import annotations

import asyncio
import logging
import pickle
import re
import socket
import traceback
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import httpx
import pytest
from clientsuite.lumos import (
    AsyncConnectorClient,
    ClientAuthenticationMethod,
    ConnectorClient,
    OAuthClient,
    OAuthSettings,
    RequestDataType,
)
from clientsuite.pluginlab import App, AsyncApp
from clientsuite.pluginlab.webhooks import Webhook
from clientsuite.pusher import AsyncPusher, Pusher
from clientsuite.schematic import AsyncSchematic, Schematic, SchematicConfig

from tests.fixtures.asgi_server import serve_asgi
from tests.fixtures.http_server import Reply, ScriptedServer
from tests.fixtures.raw_server import RawServer, raw_server
from tests.pusher.fake_channels import FakeChannels

__all__ = ["raw_server"]

PUSHER_SECRET = "ps-SECRET-pusher-1a2b"
SCHEMATIC_KEY = "sch-SECRET-api-3c4d"
PLUGINLAB_SECRET = "pl-SECRET-admin-5e6f"
WEBHOOK_SECRET = "wh-SECRET-hook-7a8b"
MASTER_KEY_B64 = "U0VDUkVULW1hc3Rlci1rZXktMzItYnl0ZXMtbG9uZyE="  # "SECRET-master-key-32-bytes-long!"
GATEWAY_TOKEN = "gw-SECRET-gateway-9c0d"
CONNECTOR_TOKEN = "ct-SECRET-connector-1e2f"
CONNECTOR_PASSWORD = "cp-SECRET-password-3a4b"
OAUTH_SECRET = "oa-SECRET-client-5c6d"
SECRETS = (
    PUSHER_SECRET,
    SCHEMATIC_KEY,
    PLUGINLAB_SECRET,
    WEBHOOK_SECRET,
    MASTER_KEY_B64,
    "SECRET-master",
    GATEWAY_TOKEN,
    CONNECTOR_TOKEN,
    CONNECTOR_PASSWORD,
    OAUTH_SECRET,
)
SIGNATURE = re.compile(r"\b[0-9a-f]{64}\b")  # an HMAC-SHA256 in hex: a request or webhook signature


def leaks(text: str) -> list[str]:
    found = [secret for secret in SECRETS if secret in text]
    return found + SIGNATURE.findall(text)


def chain(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    stack: list[BaseException | None] = [error]
    while stack:
        current = stack.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        stack += [current.__cause__, current.__context__]


def error_text(error: BaseException) -> str:
    parts = ["".join(traceback.format_exception(error))]
    for link in chain(error):
        parts += [str(link), repr(link), repr(vars(link)) if hasattr(link, "__dict__") else ""]
        try:
            request = getattr(link, "request", None)
        except RuntimeError:  # httpx errors raise when no request is attached
            request = None
        if isinstance(request, httpx.Request):
            parts.append(str(request.url))
    return "\n".join(parts)


def client_text(client: object) -> str:
    parts = [repr(client), repr(vars(client))]
    try:
        parts.append(pickle.dumps(client).decode("latin-1"))
    except TypeError as refused:  # refusing is allowed; the reason must not leak either
        parts.append(str(refused))
    return "\n".join(parts)


def assert_nothing_leaks(
    errors: list[BaseException], clients: list[object], records: list[logging.LogRecord]
) -> None:
    """No secret in any error (and its chain), client, or log record; httpx's own lines included."""
    for error in errors:
        assert leaks(error_text(error)) == [], type(error).__name__
    for client in clients:
        assert leaks(client_text(client)) == [], type(client).__name__
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    for record in records:
        assert leaks(formatter.format(record)) == [], record.name
    assert any(record.name == "httpx" for record in records)


@pytest.fixture
def channels() -> Iterator[tuple[FakeChannels, str]]:
    fake = FakeChannels(app_id="123", key="app-key", secret=PUSHER_SECRET)
    with serve_asgi(fake.app()) as url:
        yield fake, url


@pytest.fixture
def closed_port() -> str:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}"


async def garbage(request: bytes, writer: asyncio.StreamWriter) -> None:
    writer.write(b"HTTP/1.1 WHAT\r\nbad header\r\n\r\n")
    await writer.drain()
    writer.close()


def pushers(url: str, **options: Any) -> tuple[Pusher, AsyncPusher]:
    parts = httpx.URL(url)
    common: dict[str, Any] = {
        "host": parts.host,
        "port": parts.port,
        "ssl": False,
        "encryption_master_key_base64": MASTER_KEY_B64,
        "timeout": 1.0,
        "max_retries": 1,
        **options,
    }
    return Pusher("123", "app-key", PUSHER_SECRET, **common), AsyncPusher(
        "123", "app-key", PUSHER_SECRET, **common
    )


def connectors(url: str) -> tuple[ConnectorClient, AsyncConnectorClient]:
    options: dict[str, Any] = {
        "auth": {"token": {"token": CONNECTOR_TOKEN}},
        "credentials": [{"basic": {"username": "u", "password": CONNECTOR_PASSWORD}}],
        "gateway_token": GATEWAY_TOKEN,
        "check_capabilities": False,
        "timeout": 1.0,
        "max_retries": 1,
    }
    return ConnectorClient(url, **options), AsyncConnectorClient(url, **options)


def oauth_clients(url: str) -> list[OAuthClient]:
    return [
        OAuthClient(
            OAuthSettings(
                authorization_url=f"{url}/authorize",
                token_url=f"{url}/token",
                request_data=kind,
                client_auth=method,
            ),
            "client-id",
            OAUTH_SECRET,
            http_client=httpx.Client(timeout=1.0),
        )
        for kind in RequestDataType
        for method in ClientAuthenticationMethod
    ]


def run_all(
    calls: list[Callable[[], Any]], acalls: list[Callable[[], Awaitable[Any]]], clients: list[object]
) -> list[BaseException]:
    errors: list[BaseException] = []
    for sync_call in calls:
        try:
            sync_call()
        except Exception as error:
            errors.append(error)

    async def drive() -> None:
        for async_call in acalls:
            try:
                await async_call()
            except Exception as error:
                errors.append(error)
        for client in clients:
            if isinstance(client, AsyncPusher | AsyncSchematic | AsyncConnectorClient | AsyncApp):
                await client.aclose()

    asyncio.run(drive())
    return errors


def test_no_secret_anywhere(
    channels: tuple[FakeChannels, str],
    scripted_server: ScriptedServer,
    raw_server: RawServer,
    closed_port: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    fake, channels_url = channels
    raw_server.behave = garbage
    clients: list[object] = []
    calls: list[Callable[[], Any]] = []
    acalls: list[Callable[[], Awaitable[Any]]] = []
    for url in (channels_url, raw_server.url, closed_port):
        sync_pusher, async_pusher = pushers(url)
        clients += [sync_pusher, async_pusher]
        calls += [
            lambda p=sync_pusher: p.trigger("orders", "created", {"id": 1}),
            lambda p=sync_pusher: p.trigger("private-encrypted-x", "e", {"secret": "data"}),
            lambda p=sync_pusher: p.channels_info(),
        ]
        acalls += [lambda p=async_pusher: p.trigger("orders", "created", {"id": 1})]
    fake.failures.extend([401, 401])
    for url in (scripted_server.url, raw_server.url, closed_port):
        config = SchematicConfig(
            base_url=url, event_capture_url=url, timeout=1.0, max_retries=1, event_buffer_period=60
        )
        schematic, async_schematic = Schematic(SCHEMATIC_KEY, config), AsyncSchematic(SCHEMATIC_KEY, config)
        app_options: dict[str, Any] = {"auth_url": url, "timeout": 1.0, "max_retries": 0}
        app, async_app = (
            App(PLUGINLAB_SECRET, "plugin", **app_options),
            AsyncApp(PLUGINLAB_SECRET, "plugin", **app_options),
        )
        clients += [schematic, async_schematic, app, async_app]
        calls += [
            lambda s=schematic: s.check_flag("flag", {"id": "c"}),
            lambda s=schematic: s.companies.get_company("comp_1"),
            lambda s=schematic: (s.track("event"), s.close(timeout=2)),
            lambda a=app: a.get_auth().get_member_by_id("mem_1"),
        ]
        acalls += [
            lambda s=async_schematic: s.companies.get_company("comp_1"),
            lambda a=async_app: a.get_auth().get_member_by_id("mem_1"),
        ]
    scripted_server.enqueue(*(Reply(401, {"error": "who are you"}) for _ in range(40)))
    webhook = Webhook(WEBHOOK_SECRET)
    clients.append(webhook)
    calls += [
        lambda: webhook.verify_signature(b"{}", "0" * 64),
        lambda: webhook.verify_request((b"{}", {"X-PluginLab-Signature": "bad"})),
        lambda: clients[0].verify_webhook("app-key", "f" * 64, '{"time_ms": 1}'),  # type: ignore[attr-defined]
    ]

    errors = run_all(calls, acalls, clients)

    assert len(errors) >= 20  # the failure paths really failed
    assert any(type(e).__name__ == "ApiConnectionError" for e in errors)
    assert fake.events, "the success path really succeeded"
    assert_nothing_leaks(errors, clients, caplog.records)


def test_no_lumos_secret_anywhere(
    scripted_server: ScriptedServer,
    raw_server: RawServer,
    closed_port: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Gateway token, connector auth token, credential passwords and the OAuth client secret, in
    every OAuth request-data mode and client-auth method, over success, refusals, garbage and a
    closed port."""
    caplog.set_level(logging.DEBUG)
    raw_server.behave = garbage
    clients: list[object] = []
    calls: list[Callable[[], Any]] = []
    acalls: list[Callable[[], Awaitable[Any]]] = []
    for url in (scripted_server.url, raw_server.url, closed_port):
        connector, async_connector = connectors(url)
        clients += [connector, async_connector]
        calls += [connector.validate_credentials, connector.list_accounts]
        acalls += [async_connector.validate_credentials]
        for oauth in oauth_clients(url):
            clients.append(oauth)
            calls += [oauth.client_credentials, lambda o=oauth: o.refresh("rt-refresh")]
    valid = {"response": {"valid": True, "unique_tenant_id": "t"}, "page": None}
    scripted_server.enqueue(
        Reply(200, valid),
        *(Reply(401, {"error": "invalid_client", "error_description": "who are you"}) for _ in range(60)),
    )

    errors = run_all(calls, acalls, clients)

    assert len(errors) >= 30  # the failure paths really failed
    assert any(type(e).__name__ == "OAuthError" for e in errors)
    assert any(type(e).__name__ in ("ApiConnectionError", "ConnectorError") for e in errors)
    sent = [seen for seen in scripted_server.seen if seen.path.split("?")[0].endswith("/token")]
    assert sent, "the token requests reached the server"
    assert_nothing_leaks(errors, clients, caplog.records)
