"""OAuth flows against a real local authorization server."""

from __future__ import annotations

import json
import logging
import socket
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from clientsuite.lumos import (
    AsyncConnectorClient,
    AuthorizationRequest,
    ClientAuthenticationMethod,
    ConnectorClient,
    ConnectorOAuth,
    OAuthClient,
    OAuthError,
    OAuthFlowType,
    OAuthSettings,
    OAuthStateMismatchError,
    RequestDataType,
    Token,
)

from tests.fixtures.http_server import Reply, Reset, ScriptedServer
from tests.lumos.fake_oauth import CLIENT_ID, CLIENT_SECRET, FakeAuthServer

Server = tuple[FakeAuthServer, str]
REDIRECT = "https://orchestrator.example.com/oauth/callback"


def settings(url: str, **options: object) -> OAuthSettings:
    return OAuthSettings(
        authorization_url=f"{url}/authorize",
        token_url=f"{url}/token",
        scopes_by_capability={
            "list_accounts": "read:org read:user",
            "assign_entitlement": "write:org read:org",
        },
        **options,  # type: ignore[arg-type]
    )


def consent(request: AuthorizationRequest) -> str:
    """Follow the authorization URL as the user's browser would; returns the callback URL."""
    with httpx.Client() as browser:
        response = browser.get(request.url)
    return response.headers["location"]


def test_code_flow_with_pkce(auth_server: Server) -> None:
    _, url = auth_server
    oauth = OAuthClient(settings(url), CLIENT_ID, CLIENT_SECRET, redirect_uri=REDIRECT)
    issued = oauth.authorization_url(["list_accounts", "assign_entitlement"])
    query = parse_qs(urlsplit(issued.url).query)
    assert query["code_challenge_method"] == ["S256"] and query["state"] == [issued.state]
    assert query["scope"] == ["read:org read:user write:org"]
    assert issued.state != oauth.authorization_url().state  # fresh every time
    token = oauth.exchange_code(consent(issued), issued)
    assert token.access_token and token.refresh_token and token.expires_at is not None
    assert CLIENT_SECRET not in repr(oauth) + repr(token) and token.access_token not in repr(token)


def test_callback_with_another_state_is_refused(auth_server: Server) -> None:
    fake, url = auth_server
    oauth = OAuthClient(settings(url), CLIENT_ID, CLIENT_SECRET, redirect_uri=REDIRECT)
    first, second = oauth.authorization_url(), oauth.authorization_url()
    with pytest.raises(OAuthStateMismatchError):
        oauth.exchange_code(consent(first), second)
    assert [s["grant"] for s in fake.seen] == []  # nothing was sent to the token endpoint


def test_wrong_verifier_is_refused_by_the_server(auth_server: Server) -> None:
    _, url = auth_server
    oauth = OAuthClient(settings(url), CLIENT_ID, CLIENT_SECRET, redirect_uri=REDIRECT)
    issued = oauth.authorization_url()
    forged = AuthorizationRequest(issued.url, issued.state, "not-the-verifier")
    with pytest.raises(OAuthError) as caught:
        oauth.exchange_code(consent(issued), forged)
    assert caught.value.error == "invalid_grant"


@pytest.mark.parametrize("client_auth", list(ClientAuthenticationMethod))
@pytest.mark.parametrize("request_data", list(RequestDataType))
def test_client_credentials_every_auth_method_and_data_type(
    auth_server: Server, client_auth: ClientAuthenticationMethod, request_data: RequestDataType
) -> None:
    fake, url = auth_server
    oauth_settings = settings(
        url, flow_type=OAuthFlowType.CLIENT_CREDENTIALS, client_auth=client_auth, request_data=request_data
    )
    token = OAuthClient(oauth_settings, CLIENT_ID, CLIENT_SECRET).client_credentials(["list_accounts"])
    assert token.access_token
    expected_data = {"FORMDATA": "form", "QUERY": "query", "JSON": "json"}[request_data.value]
    expected_auth = "basic" if client_auth is ClientAuthenticationMethod.CLIENT_SECRET_BASIC else "post"
    assert fake.seen[-1] == {"data": expected_data, "auth": expected_auth, "grant": "client_credentials"}


def test_refresh(auth_server: Server) -> None:
    _, url = auth_server
    oauth = OAuthClient(settings(url), CLIENT_ID, CLIENT_SECRET)
    first = oauth.client_credentials()
    assert first.refresh_token is not None
    second = oauth.refresh(first.refresh_token)
    assert second.access_token != first.access_token
    with pytest.raises(OAuthError):
        oauth.refresh("unknown-refresh-token")


def test_wrong_secret_is_a_clear_error(auth_server: Server) -> None:
    _, url = auth_server
    with pytest.raises(OAuthError) as caught:
        OAuthClient(settings(url), CLIENT_ID, "wrong").client_credentials()
    assert caught.value.error == "invalid_client" and caught.value.status_code == 401
    assert "wrong" not in str(caught.value)


def test_urls_may_depend_on_connector_settings(auth_server: Server) -> None:
    _, url = auth_server
    dynamic = OAuthSettings(
        authorization_url=lambda s: f"{url}/authorize?tenant={s['subdomain']}",
        token_url=lambda s: f"{url}/token",
    )
    oauth = OAuthClient(dynamic, CLIENT_ID, CLIENT_SECRET, connector_settings={"subdomain": "acme"})
    assert "tenant=acme" in oauth.authorization_url().url
    assert oauth.client_credentials().access_token


def test_connector_auth_refreshes_before_expiry(auth_server: Server) -> None:
    fake, url = auth_server
    oauth = OAuthClient(settings(url), CLIENT_ID, CLIENT_SECRET)
    initial = oauth.client_credentials()
    expiring = Token(initial.access_token, refresh_token=initial.refresh_token, expires_at=0)
    auth = ConnectorOAuth(oauth, expiring)
    sent: list[dict[str, object]] = []

    def connector(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return httpx.Response(200, json={"response": {"valid": True, "unique_tenant_id": "t"}})

    client = ConnectorClient(
        "http://connector",
        check_capabilities=False,
        http_auth=auth,
        http_client=httpx.Client(transport=httpx.MockTransport(connector)),
    )
    client.validate_credentials()
    client.validate_credentials()
    assert sent[0]["auth"] == {"oauth": {"access_token": auth.token.access_token}}
    assert auth.token.access_token != initial.access_token
    assert [s["grant"] for s in fake.seen] == ["client_credentials", "refresh_token"]  # refreshed once


@pytest.mark.parametrize(
    "reply",
    [
        Reply(200, []),
        Reply(200, None),
        Reply(200, "error"),
        Reply(200, b"plain text, not JSON"),
        Reply(400, []),
        Reply(200, {"access_token": 42}),
        Reply(200, {"access_token": "a", "expires_in": 10**400}),
        Reply(500, b"<html>oops</html>"),
    ],
)
def test_malformed_token_responses_are_oauth_errors(scripted_server: ScriptedServer, reply: Reply) -> None:
    scripted_server.enqueue(reply)
    oauth = OAuthClient(settings(scripted_server.url), CLIENT_ID, CLIENT_SECRET)
    try:
        token = oauth.client_credentials()
    except OAuthError as error:
        assert CLIENT_SECRET not in str(error)
    else:  # only a well-formed access token may come back
        assert token.access_token == "a" and token.expires_at is None


def _chain(error: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _leaks(error: BaseException, secrets: list[str]) -> list[str]:
    texts = []
    for item in _chain(error):
        texts += [str(item), repr(item), repr(vars(item))]
        request = getattr(item, "request", None) or getattr(item, "_request", None)
        if request is not None:
            texts.append(str(request.url))
    return [s for s in secrets if any(s in t for t in texts)]


@pytest.mark.parametrize("client_auth", list(ClientAuthenticationMethod))
@pytest.mark.parametrize("request_data", list(RequestDataType))
def test_no_flow_secret_in_logs_or_errors(
    auth_server: Server,
    client_auth: ClientAuthenticationMethod,
    request_data: RequestDataType,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Code flow, refresh and a refused refresh at DEBUG: no secret in a log record or an error chain."""
    caplog.set_level(logging.DEBUG)
    _, url = auth_server
    oauth = OAuthClient(
        settings(url, client_auth=client_auth, request_data=request_data),
        CLIENT_ID,
        CLIENT_SECRET,
        redirect_uri=REDIRECT,
    )
    issued = oauth.authorization_url()
    callback = consent(issued)  # the user's browser, not the suite: its log lines do not count
    caplog.clear()
    code = parse_qs(urlsplit(callback).query)["code"][0]
    token = oauth.exchange_code(callback, issued)
    assert token.refresh_token is not None
    renewed = oauth.refresh(token.refresh_token)
    with pytest.raises(OAuthError) as refused:
        oauth.refresh("bogus-refresh-token-777")
    secrets = [CLIENT_SECRET, code, issued.code_verifier, token.access_token, token.refresh_token,
               renewed.access_token, "bogus-refresh-token-777"]  # fmt: skip
    logged = [record.getMessage() for record in caplog.records]
    assert logged, "httpx logs its requests at INFO: there is something to check"
    assert not [s for s in secrets if any(s in line for line in logged)]
    assert _leaks(refused.value, secrets) == []
    assert refused.value.__context__ is None


@pytest.mark.parametrize("request_data", list(RequestDataType))
def test_unreachable_token_endpoint_keeps_no_request(request_data: RequestDataType) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}"
    oauth = OAuthClient(settings(dead, request_data=request_data), CLIENT_ID, CLIENT_SECRET)
    with pytest.raises(OAuthError) as caught:
        oauth.refresh("refresh-SECRET-1")
    assert caught.value.error == "unreachable"
    assert caught.value.__context__ is None and caught.value.__cause__ is None
    assert _leaks(caught.value, [CLIENT_SECRET, "refresh-SECRET-1"]) == []


def test_a_server_echoing_the_secret_is_scrubbed(scripted_server: ScriptedServer) -> None:
    scripted_server.enqueue(
        Reply(401, {"error": "invalid_client", "error_description": f"bad {CLIENT_SECRET}"})
    )
    with pytest.raises(OAuthError) as caught:
        OAuthClient(settings(scripted_server.url), CLIENT_ID, CLIENT_SECRET).client_credentials()
    assert caught.value.error == "invalid_client" and CLIENT_SECRET not in str(caught.value)


def test_a_reset_connection_is_an_oauth_error(scripted_server: ScriptedServer) -> None:
    scripted_server.enqueue(Reset())
    with pytest.raises(OAuthError) as caught:
        OAuthClient(settings(scripted_server.url), CLIENT_ID, CLIENT_SECRET).client_credentials()
    assert caught.value.__context__ is None


def test_vars_of_the_oauth_objects_hold_no_secret(auth_server: Server) -> None:
    _, url = auth_server
    oauth = OAuthClient(settings(url), CLIENT_ID, CLIENT_SECRET)
    token = oauth.client_credentials()
    auth = ConnectorOAuth(oauth, token)
    shown = repr(vars(oauth)) + repr(vars(auth)) + repr(token) + repr(auth)
    assert CLIENT_SECRET not in shown and token.access_token not in shown


async def test_async_client_refreshes_off_the_event_loop(auth_server: Server) -> None:
    fake, url = auth_server
    oauth = OAuthClient(settings(url), CLIENT_ID, CLIENT_SECRET)
    initial = oauth.client_credentials()
    auth = ConnectorOAuth(
        oauth, Token(initial.access_token, refresh_token=initial.refresh_token, expires_at=0)
    )
    sent: list[httpx.Request] = []

    async def connector(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"response": {"valid": True, "unique_tenant_id": "t"}})

    async with AsyncConnectorClient(
        "http://connector",
        check_capabilities=False,
        http_auth=auth,
        gateway_token="gw-token",
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(connector)),
    ) as client:
        await client.validate_credentials()
        await client.validate_credentials()
    assert [json.loads(r.content)["auth"] for r in sent] == [
        {"oauth": {"access_token": auth.token.access_token}}
    ] * 2
    assert all(r.headers["authorization"] == "Bearer gw-token" for r in sent)
    assert auth.token.access_token != initial.access_token
    assert [s["grant"] for s in fake.seen] == ["client_credentials", "refresh_token"]  # refreshed once
