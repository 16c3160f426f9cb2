"""A small OAuth 2.0 authorization server: code flow with PKCE, client credentials, refresh.

It accepts the client's credentials by HTTP Basic or in the body, and the token request's data as
form fields, query parameters or JSON, recording which, so tests can check what was sent.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from typing import Any
from urllib.parse import parse_qs

import attrs
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse
from starlette.routing import Route

CLIENT_ID, CLIENT_SECRET = "client-1", "s3cret-client"


@attrs.define
class FakeAuthServer:
    codes: dict[str, dict[str, str]] = attrs.field(factory=dict)
    refresh_tokens: set[str] = attrs.field(factory=set)
    seen: list[dict[str, Any]] = attrs.field(factory=list)
    expires_in: int = 3600

    async def authorize(self, request: Request) -> RedirectResponse:
        """The user consents at once: redirect back with a code bound to the PKCE challenge."""
        q = request.query_params
        code = secrets.token_urlsafe(8)
        self.codes[code] = {"challenge": q["code_challenge"], "method": q["code_challenge_method"]}
        return RedirectResponse(f"{q['redirect_uri']}?code={code}&state={q['state']}")

    async def token(self, request: Request) -> JSONResponse:
        kind, data = "query", dict(request.query_params)
        raw = await request.body()
        if request.headers.get("content-type", "").startswith("application/json"):
            kind, data = "json", json.loads(raw)
        elif raw:
            kind, data = "form", {k: v[0] for k, v in parse_qs(raw.decode()).items()}
        auth_method = "post"
        header = request.headers.get("authorization", "")
        if header.startswith("Basic "):
            auth_method = "basic"
            client_id, _, secret = base64.b64decode(header[6:]).decode().partition(":")
        else:
            client_id, secret = data.get("client_id", ""), data.get("client_secret", "")
        self.seen.append({"data": kind, "auth": auth_method, "grant": data.get("grant_type")})
        if (client_id, secret) != (CLIENT_ID, CLIENT_SECRET):
            return JSONResponse({"error": "invalid_client", "error_description": "unknown client"}, 401)
        grant = data.get("grant_type")
        if grant == "authorization_code":
            bound = self.codes.pop(data.get("code", ""), None)
            verifier = data.get("code_verifier", "")
            challenge = (
                base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            )
            if bound is None or bound["challenge"] != challenge:
                return JSONResponse(
                    {"error": "invalid_grant", "error_description": "bad code or verifier"}, 400
                )
        elif grant == "refresh_token":
            if data.get("refresh_token") not in self.refresh_tokens:
                return JSONResponse({"error": "invalid_grant"}, 400)
        elif grant != "client_credentials":
            return JSONResponse({"error": "unsupported_grant_type"}, 400)
        refresh = secrets.token_urlsafe(8)
        self.refresh_tokens.add(refresh)
        return JSONResponse(
            {
                "access_token": secrets.token_urlsafe(8),
                "token_type": "bearer",
                "expires_in": self.expires_in,
                "refresh_token": refresh,
                "scope": data.get("scope"),
            }
        )

    def app(self) -> Starlette:
        return Starlette(
            routes=[Route("/authorize", self.authorize), Route("/token", self.token, methods=["POST"])]
        )
