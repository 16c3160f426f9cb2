"""OAuth 2.0 on the caller's side of a connector, with the settings a connector declares.

``OAuthSettings`` mirrors connector-py's: authorization and token URLs (or callables of the
connector settings, for subdomain-specific endpoints), scopes per capability, the flow type, how
the client authenticates and how the token request carries its data. ``OAuthClient`` runs the
flows: an authorization URL with a fresh ``state`` and a PKCE S256 challenge, the code exchange
(refusing a callback whose ``state`` is not the one issued), client credentials, and refresh.
State, PKCE and callback parsing come from authlib, imported when the first ``OAuthClient`` is built.

Whatever the token endpoint answers (an error, ``[]``, ``null``, plain text), the caller gets a
:class:`Token` or an :class:`OAuthError`. The flow's secrets (client secret, code, verifier,
tokens) appear in no exception message or chain and no log line, in every request-data mode:
in ``QUERY`` mode the token URL itself carries them, so it is redacted wherever it is logged.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from typing import Any

import attrs
import httpx

from clientsuite.errors import ClientSuiteError
from clientsuite.lumos.capabilities import scrub
from clientsuite.lumos.oauth_logs import install_flow_redaction
from clientsuite.redaction import Secret
from clientsuite.runtime.extras import require

FEATURE = "the OAuth flows of clientsuite.lumos"
_SECURITY = "authlib.common.security"
_ERRORS = "authlib.oauth2.rfc6749.errors"
_PARAMETERS = "authlib.oauth2.rfc6749.parameters"
_PKCE = "authlib.oauth2.rfc7636"


def _authlib() -> None:
    """Import the parts of authlib the flows use; a missing extra is named here, at first use."""
    for module in (_SECURITY, _ERRORS, _PARAMETERS, _PKCE):
        require(module, FEATURE)


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
    def from_response(cls, data: object, now: float) -> Token:
        """The token of a token endpoint's JSON answer; ``OAuthError`` for anything else."""
        if not isinstance(data, Mapping):
            raise OAuthError("invalid_response", "the token response is not a JSON object")
        access = data.get("access_token")
        if not isinstance(access, str) or not access:
            raise OAuthError("invalid_response", "the token response has no access_token")
        refresh = data.get("refresh_token")
        token_type = data.get("token_type")
        scope = data.get("scope")
        return cls(
            access_token=access,
            token_type=token_type.lower() if isinstance(token_type, str) and token_type else "bearer",
            refresh_token=refresh if isinstance(refresh, str) and refresh else None,
            expires_at=_expires_at(data.get("expires_in"), now),
            scope=scope if isinstance(scope, str) else None,
        )

    def expires_within(self, seconds: float, now: float) -> bool:
        return self.expires_at is not None and self.expires_at - now <= seconds


def _expires_at(value: object, now: float) -> float | None:
    """``now + expires_in`` for a finite, non-negative number (or numeric string) of seconds."""
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if not 0 <= value <= 10**9:  # negative, NaN, or beyond any real lifetime (and float(10**400) overflows)
        return None
    return now + float(value)


def _json(response: httpx.Response) -> object:
    try:
        return response.json()
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None


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
        _authlib()
        install_flow_redaction()

    def __repr__(self) -> str:
        return f"OAuthClient(client_id={self.client_id!r})"

    def authorization_url(self, capabilities: Sequence[str] | None = None) -> AuthorizationRequest:
        """The URL that starts the code flow, with a fresh ``state`` and a PKCE S256 challenge."""
        generate_token = require(_SECURITY, FEATURE).generate_token
        state, verifier = generate_token(32), generate_token(64)
        params = {
            "response_type": "code",
            "client_id": self.client_id,
            "scope": " ".join(self.settings.scopes(capabilities)),
            "state": state,
            "code_challenge": require(_PKCE, FEATURE).create_s256_code_challenge(verifier),
            "code_challenge_method": "S256",
        }
        if self.redirect_uri:
            params["redirect_uri"] = self.redirect_uri
        base = httpx.URL(self.settings.url(self.settings.authorization_url, self.connector_settings))
        return AuthorizationRequest(str(base.copy_merge_params(params)), state, verifier)

    def exchange_code(self, callback_url: str, issued: AuthorizationRequest) -> Token:
        """The token for the callback's code; refuses a callback whose ``state`` was not issued here."""
        refused: OAuthError | None = None
        errors = require(_ERRORS, FEATURE)
        try:
            parse = require(_PARAMETERS, FEATURE).parse_authorization_code_response
            params = parse(callback_url, state=issued.state)
        except errors.MismatchingStateException:
            refused = OAuthStateMismatchError(
                "state_mismatch", "the callback's state was not issued by this client"
            )
        except errors.OAuth2Error as error:
            refused = OAuthError(str(error.error or "invalid_callback"), str(error.description or ""))
        if refused is not None:  # raised outside the handler: no __context__ keeps the callback URL
            raise refused
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
        options: dict[str, Any] = {}
        if self.settings.client_auth is ClientAuthenticationMethod.CLIENT_SECRET_BASIC:
            options["auth"] = httpx.BasicAuth(self.client_id, self._secret.reveal())
        else:
            data = {**data, "client_id": self.client_id, "client_secret": self._secret.reveal()}
        secrets = [
            v for k, v in data.items() if k not in ("grant_type", "client_id", "scope", "redirect_uri")
        ]
        kind = self.settings.request_data
        key = {RequestDataType.JSON: "json", RequestDataType.QUERY: "params"}.get(kind, "data")
        options[key] = data
        failure: str | None = None
        try:
            response = self._http.post(url, headers=headers, **options)
        except httpx.HTTPError as error:  # the error and its request (whose URL may hold secrets) stay here
            failure = type(error).__name__
        if failure is not None:  # raised outside the handler, so no __context__ keeps the request
            raise OAuthError("unreachable", f"the token endpoint failed: {failure}")
        body = _json(response)
        status = response.status_code
        del response
        if status >= 400 or (isinstance(body, Mapping) and "error" in body):
            fields = body if isinstance(body, Mapping) else {}
            code = fields.get("error")
            description = fields.get("error_description")
            raise OAuthError(
                scrub(code, secrets) if isinstance(code, str) and code else "http_error",
                scrub(description, secrets) if isinstance(description, str) else "",
                status,
            )
        return Token.from_response(body, self._clock())
