"""Fresh access tokens in every connector request envelope (``auth.oauth.access_token``).

:class:`ConnectorOAuth` refreshes the token (once, for all threads) shortly before it expires.
An offline client wraps it in :class:`OfflineConnectorOAuth`, which never reaches the identity
provider: an expiring token is replaced, for that client only, by the access token of the spec's
documented ``refresh_access_token`` example.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import AsyncGenerator, Generator

import attrs
import httpx

from clientsuite.lumos.capabilities import CAPABILITIES
from clientsuite.lumos.oauth import OAuthClient, OAuthError, Token


def _takes_auth(request: httpx.Request) -> bool:
    capability = CAPABILITIES.get(request.url.path.rsplit("/", 1)[-1])
    return capability is not None and "auth" in capability.fields


def _put_token(request: httpx.Request, token: Token) -> None:
    try:
        body = json.loads(request.content or b"{}")
    except ValueError:
        return
    if not isinstance(body, dict):
        return
    body["auth"] = {"oauth": {"access_token": token.access_token}}
    content = json.dumps(body).encode()
    request.stream = httpx.ByteStream(content)
    request._content = content
    request.headers["Content-Length"] = str(len(content))


class ConnectorOAuth(httpx.Auth):
    """Puts a fresh access token into every connector request envelope's ``auth.oauth``."""

    requires_request_body = True

    def __init__(self, oauth: OAuthClient, token: Token, *, leeway: float = 60.0) -> None:
        self._oauth = oauth
        self.token = token
        self.leeway = leeway
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return "ConnectorOAuth(token=[redacted])"

    def needs_refresh(self, now: float | None = None) -> bool:
        return self.token.expires_within(self.leeway, time.time() if now is None else now)

    def _fresh(self) -> Token:
        with self._lock:
            token = self.token
            if self.needs_refresh():
                if not token.refresh_token:
                    raise OAuthError("expired", "the access token expired and there is no refresh token")
                refreshed = self._oauth.refresh(token.refresh_token)
                if refreshed.refresh_token is None:  # servers may keep the old refresh token valid
                    refreshed = attrs.evolve(refreshed, refresh_token=token.refresh_token)
                self.token = refreshed
            return self.token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if _takes_auth(request):
            _put_token(request, self._fresh())
        yield request

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """On an async client the (sync) refresh runs in a worker thread, not on the event loop."""
        await request.aread()
        if _takes_auth(request):
            import asyncio  # loaded already: the caller awaits

            _put_token(request, await asyncio.to_thread(self._fresh))
        yield request


def _example_token() -> Token:
    from clientsuite.runtime.routes import Routes  # offline only: the spec's examples

    route = Routes.for_package("lumos_api").match("POST", "/refresh_access_token")
    example = route.example() if route else None
    body = example.body if example else None
    access = body.get("response", {}).get("access_token") if isinstance(body, dict) else None
    if not isinstance(access, str):
        raise OAuthError("offline", "the access token needs a refresh and no offline example answers it")
    return Token(access_token=access)


class OfflineConnectorOAuth(httpx.Auth):
    """``ConnectorOAuth`` for an offline client: refreshes from the offline example, never the network."""

    requires_request_body = True

    def __init__(self, online: ConnectorOAuth) -> None:
        self._online = online
        self._token: Token | None = None

    def __repr__(self) -> str:
        return "OfflineConnectorOAuth(token=[redacted])"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if _takes_auth(request):
            token = self._online.token
            if self._online.needs_refresh():
                self._token = self._token or _example_token()
                token = self._token
            _put_token(request, token)
        yield request
