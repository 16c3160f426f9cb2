"""OAuth 2.0 on the caller's side of a connector, with the settings a connector declares.

``OAuthSettings`` mirrors connector-py's: authorization and token URLs (or callables of the
connector settings, for subdomain-specific endpoints), scopes per capability, the flow type, how
the client authenticates and how the token request carries its data. ``OAuthClient`` runs the
flows: an authorization URL with a fresh ``state`` and a PKCE S256 challenge, the code exchange
(refusing a callback whose ``state`` is not the one issued), client credentials, and refresh.
``ConnectorOAuth`` is an ``httpx.Auth`` that keeps a connector's access token fresh.
State, PKCE and callback parsing come from authlib.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Generator, Mapping, Sequence
from enum import StrEnum
from typing import Any

import attrs
import httpx

from clientsuite.errors import ClientSuiteError
from clientsuite.redaction import Secret
from clientsuite.runtime.extras import missing_extra

try:
    from authlib.common.security import generate_token
    from authlib.oauth2.rfc6749.errors import MismatchingStateException, OAuth2Error
    from authlib.oauth2.rfc6749.parameters import parse_authorization_code_response
    from authlib.oauth2.rfc7636 import create_s256_code_challenge
except ImportError as error:
    raise missing_extra(error, "clientsuite.lumos") from error


class OAuthFlowType(StrEnum):
    CODE_FLOW = "CODE_FLOW"
    CLIENT_CREDENTIALS = "CLIENT_CREDENTIALS"


class ClientAuthenticationMethod(StrEnum):
    CLIENT_SECRET_POST = "CLIENT_SECRET_POST"
    CLIENT_SECRET_BASIC = "CLIENT_SECRET_BASIC"


class RequestDataType(StrEnum):
    FORMDATA = "FORMDATA"
    QUERY = "QUERY"
    JSON = "JSON"


class OAuthError(ClientSuiteError):
    """The authorization server refused a request; ``error`` is its OAuth error code."""

    def __init__(self, error: str, description: str = "", status_code: int | None = None) -> None:
        self.error = error
        self.description = description
        self.status_code = status_code
        super().__init__(f"{error}: {description}" if description else error)


class OAuthStateMismatchError(OAuthError):
    """The callback's ``state`` is not the one this client issued: a possible forgery."""


UrlSource = str | Callable[[Mapping[str, Any]], str]


@attrs.frozen
class OAuthSettings:
    authorization_url: UrlSource
    token_url: UrlSource
    scopes_by_capability: Mapping[str, str] = attrs.field(factory=dict)
    flow_type: OAuthFlowType = OAuthFlowType.CODE_FLOW
    client_auth: ClientAuthenticationMethod = ClientAuthenticationMethod.CLIENT_SECRET_POST
    request_data: RequestDataType = RequestDataType.FORMDATA

    def url(self, source: UrlSource, settings: Mapping[str, Any]) -> str:
        return source(settings) if callable(source) else source

    def scopes(self, capabilities: Sequence[str] | None = None) -> list[str]:
        """The union of the scopes the given capabilities (default: all) need, in a stable order."""
        wanted = capabilities if capabilities is not None else list(self.scopes_by_capability)
        found: list[str] = []
        for capability in wanted:
            for scope in self.scopes_by_capability.get(capability, "").split():
                if scope not in found:
                    found.append(scope)
        return found


@attrs.frozen
class AuthorizationRequest:
    """What to send the user to, and what to keep until the callback comes back."""

    url: str
    state: str
    code_verifier: str = attrs.field(repr=False)


@attrs.frozen
class Token:
    access_token: str = attrs.field(repr=False)
    token_type: str = "bearer"
    refresh_token: str | None = attrs.field(default=None, repr=False)
    expires_at: float | None = None
    scope: str | None = None

    @classmethod
    def from_response(cls, data: Mapping[str, Any], now: float) -> Token:
        if not isinstance(data.get("access_token"), str):
            raise OAuthError("invalid_response", "the token response has no access_token")
        expires_in = data.get("expires_in")
        return cls(
            access_token=data["access_token"],
            token_type=str(data.get("token_type") or "bearer"),
            refresh_token=data.get("refresh_token"),
            expires_at=now + float(expires_in) if isinstance(expires_in, int | float) else None,
            scope=data.get("scope"),
        )

    def expires_within(self, seconds: float, now: float) -> bool:
        return self.expires_at is not None and self.expires_at - now <= seconds


class OAuthClient:
    """Runs a connector's OAuth flows against its authorization server."""

    def __init__(
        self,
        settings: OAuthSettings,
        client_id: str,
        client_secret: str,
        *,
        redirect_uri: str | None = None,
        connector_settings: Mapping[str, Any] | None = None,
        http_client: httpx.Client | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.settings = settings
        self.client_id = client_id
        self._secret = Secret(client_secret)
        self.redirect_uri = redirect_uri
        self.connector_settings = dict(connector_settings or {})
        self._http = http_client or httpx.Client(timeout=30)
        self._clock = clock

    def __repr__(self) -> str:
        return f"OAuthClient(client_id={self.client_id!r})"

    def authorization_url(self, capabilities: Sequence[str] | None = None) -> AuthorizationRequest:
        """The URL that starts the code flow, with a fresh ``state`` and a PKCE S256 challenge."""
        state, verifier = generate_token(32), generate_token(64)
        params = {
            "response_type": "code",
            "client_id": self.client_id,
            "scope": " ".join(self.settings.scopes(capabilities)),
            "state": state,
            "code_challenge": create_s256_code_challenge(verifier),  # type: ignore[no-untyped-call]
            "code_challenge_method": "S256",
        }
        if self.redirect_uri:
            params["redirect_uri"] = self.redirect_uri
        base = httpx.URL(self.settings.url(self.settings.authorization_url, self.connector_settings))
        return AuthorizationRequest(str(base.copy_merge_params(params)), state, verifier)

    def exchange_code(self, callback_url: str, issued: AuthorizationRequest) -> Token:
        """The token for the callback's code; refuses a callback whose ``state`` was not issued here."""
        try:
            params = parse_authorization_code_response(callback_url, state=issued.state)
        except MismatchingStateException:
            raise OAuthStateMismatchError(
                "state_mismatch", "the callback's state was not issued by this client"
            ) from None
        except OAuth2Error as error:
            raise OAuthError(error.error or "invalid_callback", error.description or "") from None
        data = {
            "grant_type": "authorization_code",
            "code": params["code"],
            "code_verifier": issued.code_verifier,
        }
        if self.redirect_uri:
            data["redirect_uri"] = self.redirect_uri
        return self._token_request(data)

    def client_credentials(self, capabilities: Sequence[str] | None = None) -> Token:
        scope = " ".join(self.settings.scopes(capabilities))
        return self._token_request(
            {"grant_type": "client_credentials", **({"scope": scope} if scope else {})}
        )

    def refresh(self, refresh_token: str) -> Token:
        return self._token_request({"grant_type": "refresh_token", "refresh_token": refresh_token})

    def _token_request(self, data: dict[str, str]) -> Token:
        url = self.settings.url(self.settings.token_url, self.connector_settings)
        headers = {"Accept": "application/json"}
        auth: httpx.Auth | None = None
        if self.settings.client_auth is ClientAuthenticationMethod.CLIENT_SECRET_BASIC:
            auth = httpx.BasicAuth(self.client_id, self._secret.reveal())
        else:
            data = {**data, "client_id": self.client_id, "client_secret": self._secret.reveal()}
        kind = self.settings.request_data
        try:
            if kind is RequestDataType.JSON:
                response = self._http.post(
                    url, json=data, headers=headers, auth=auth or httpx.USE_CLIENT_DEFAULT
                )
            elif kind is RequestDataType.QUERY:
                response = self._http.post(
                    url, params=data, headers=headers, auth=auth or httpx.USE_CLIENT_DEFAULT
                )
            else:
                response = self._http.post(
                    url, data=data, headers=headers, auth=auth or httpx.USE_CLIENT_DEFAULT
                )
        except httpx.TransportError as error:
            raise OAuthError("unreachable", f"token endpoint failed: {type(error).__name__}") from None
        try:
            body = response.json()
        except ValueError:
            body = {}
        if response.status_code >= 400 or "error" in body:
            raise OAuthError(
                str(body.get("error") or "http_error"),
                str(body.get("error_description") or ""),
                response.status_code,
            )
        return Token.from_response(body, self._clock())


class ConnectorOAuth(httpx.Auth):
    """Puts a fresh access token into every connector request envelope's ``auth.oauth``.

    The token is refreshed (once, for all threads) when it is within ``leeway`` seconds of expiring.
    """

    requires_request_body = True

    def __init__(self, oauth: OAuthClient, token: Token, *, leeway: float = 60.0) -> None:
        self._oauth = oauth
        self.token = token
        self.leeway = leeway
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return "ConnectorOAuth(token=[redacted])"

    def _fresh(self) -> Token:
        with self._lock:
            token = self.token
            if token.expires_within(self.leeway, time.time()):
                if not token.refresh_token:
                    raise OAuthError("expired", "the access token expired and there is no refresh token")
                refreshed = self._oauth.refresh(token.refresh_token)
                if refreshed.refresh_token is None:  # servers may keep the old refresh token valid
                    refreshed = attrs.evolve(refreshed, refresh_token=token.refresh_token)
                self.token = refreshed
            return self.token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        token = self._fresh()
        try:
            body = json.loads(request.content or b"{}")
        except ValueError:
            body = None
        if isinstance(body, dict):
            body["auth"] = {"oauth": {"access_token": token.access_token}}
            content = json.dumps(body).encode()
            request.stream = httpx.ByteStream(content)
            request._content = content
            request.headers["Content-Length"] = str(len(content))
        yield request
