"""Secrets held, sent and echoed, and offline mode with OAuth: nothing leaks, nothing reaches the network."""

from __future__ import annotations

import json
import pickle
import socket
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from clientsuite.lumos import (
    AsyncConnectorClient,
    ConnectorClient,
    ConnectorError,
    ConnectorOAuth,
    OAuthClient,
    OAuthSettings,
    Token,
)
from pytest_httpx import HTTPXMock

from tests.lumos.test_client import GATEWAY, SECRET_TOKEN, URL, client


def test_a_bad_payload_message_is_scrubbed_of_secrets() -> None:
    from clientsuite.lumos.capabilities import scrub, secret_values

    data = {
        "auth": {"token": {"token": SECRET_TOKEN}},
        "request": {"client_secret": "cs-1", "code_verifier": "ver-1"},
    }
    text = scrub(f"bad {SECRET_TOKEN} cs-1 ver-1 plain", secret_values(data))
    assert text == "bad [redacted] [redacted] [redacted] plain"


def test_no_raw_credential_in_vars_repr_or_headers(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json={"response": {"valid": True, "unique_tenant_id": "t"}, "page": None})
    c = ConnectorClient(
        URL,
        auth={"token": {"token": SECRET_TOKEN}},
        credentials=[{"basic": {"username": "u", "password": SECRET_TOKEN}}],
        gateway_token=GATEWAY,
        check_capabilities=False,
    )
    shown = repr(vars(c)) + repr(c) + repr(c._config) + repr(c._client.get_httpx_client().headers)
    assert SECRET_TOKEN not in shown and GATEWAY not in shown
    assert "Secret('[redacted]')" in repr(vars(c))
    c.validate_credentials()
    request = httpx_mock.get_request()
    assert request is not None and request.headers["authorization"] == f"Bearer {GATEWAY}"
    assert json.loads(request.content)["auth"] == {"token": {"token": SECRET_TOKEN}}


@pytest.mark.parametrize("flavour", ["sync", "async"])
async def test_a_connector_echoing_a_flow_secret_is_redacted(httpx_mock: HTTPXMock, flavour: str) -> None:
    echo = "token endpoint said: bad client cs-SECRET-9 for code c0de-SECRET"
    httpx_mock.add_response(
        json={"is_error": True, "error": {"message": echo, "error_code": "unauthorized", "app_id": "a"}}
    )
    payload = {
        "client_id": "c",
        "client_secret": "cs-SECRET-9",
        "redirect_uri_with_code": "https://o.test/cb?code=c0de-SECRET&state=s",
    }
    with pytest.raises(ConnectorError) as caught:
        if flavour == "sync":
            client().handle_authorization_callback(payload)
        else:
            mocked = httpx.AsyncClient()  # pytest-httpx mocks httpx's own transport, not aiohttp's
            async with AsyncConnectorClient(
                URL, check_capabilities=False, max_retries=0, http_client=mocked
            ) as c:
                await c.handle_authorization_callback(payload)
    error = caught.value
    texts = str(error) + error.message + error.body.decode()
    assert "cs-SECRET-9" not in texts and "c0de-SECRET" not in texts and "[redacted]" in str(error)


def test_wrong_credential_shapes_are_type_errors() -> None:
    with pytest.raises(TypeError, match="credentials"):
        ConnectorClient(URL, credentials={"token": {"token": "t"}})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="auth"):
        ConnectorClient(URL, auth=["t"])  # type: ignore[arg-type]


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Any socket connection attempt is recorded and refused."""
    attempts: list[Any] = []

    def refuse(self: socket.socket, address: Any) -> None:
        attempts.append(address)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    yield attempts


def test_offline_client_never_refreshes_over_the_network(no_network: list[Any]) -> None:
    oauth = OAuthClient(
        OAuthSettings("https://idp.test/authorize", "https://idp.test/token"), "client", "client-secret"
    )
    online = ConnectorOAuth(oauth, Token("expired-at", refresh_token="rt", expires_at=0))
    offline = ConnectorClient("http://connector", offline=True, http_auth=online, check_capabilities=False)
    assert offline.validate_credentials().response.valid
    sent = json.loads(offline._config.offline_requests[-1].content)
    assert sent["auth"] == {"oauth": {"access_token": "gho_new"}}  # the refresh_access_token example's token
    assert no_network == [] and online.token.access_token == "expired-at"  # the shared auth is untouched


async def test_offline_async_client_never_refreshes(no_network: list[Any]) -> None:
    oauth = OAuthClient(
        OAuthSettings("https://idp.test/authorize", "https://idp.test/token"), "client", "client-secret"
    )
    online = ConnectorOAuth(oauth, Token("expired-at", refresh_token="rt", expires_at=0))
    async with AsyncConnectorClient(
        "http://c", offline=True, http_auth=online, check_capabilities=False
    ) as c:
        assert (await c.app_info()).response.app_id == "github"
    assert no_network == []


def test_a_client_refuses_to_be_pickled() -> None:
    c = ConnectorClient(URL, auth={"token": {"token": SECRET_TOKEN}})
    with pytest.raises(TypeError, match="cannot be pickled") as caught:
        pickle.dumps(c)
    assert SECRET_TOKEN not in str(caught.value)
