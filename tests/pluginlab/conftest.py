"""Real RSA keys, PS256 tokens signed with PyJWT, and a JWKS endpoint on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from typing import Any

import attrs
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.fixtures.asgi_server import serve_asgi
from tests.fixtures.recording_server import recording_server

PLUGIN_ID = "plugin_123"
AUDIENCE = f"plugin:{PLUGIN_ID}:admin"

__all__ = ["recording_server"]


@attrs.define
class SigningKey:
    kid: str
    private: rsa.RSAPrivateKey = attrs.field(
        factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )

    def jwk(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(jwt.algorithms.RSAPSSAlgorithm.to_jwk(self.private.public_key()))
        return data | {"kid": self.kid, "use": "sig", "alg": "PS256"}

    def token(self, **overrides: Any) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "uid": "mem_1",
            "iss": "https://auth.pluginlab.ai",
            "aud": AUDIENCE,
            "iat": now,
            "exp": now + 600,
            "user": {
                "id": "mem_1",
                "email": "john@example.com",
                "name": "John",
                "givenName": "John",
                "planId": "pro",
            },
        }
        headers = {"kid": self.kid} | overrides.pop("headers", {})
        claims |= overrides
        return jwt.encode(claims, self.private, algorithm="PS256", headers=headers)


@attrs.define
class JwksServer:
    keys: list[SigningKey]
    url: str = ""
    fetches: int = 0
    latency: float = 0.0

    def app(self) -> Starlette:
        async def cert(request: Request) -> JSONResponse:
            self.fetches += 1
            if self.latency:
                await asyncio.sleep(self.latency)
            return JSONResponse({"keys": [key.jwk() for key in self.keys]})

        return Starlette(routes=[Route("/admin/v1/cert", cert)])


@pytest.fixture(scope="session")
def signing_key() -> SigningKey:
    return SigningKey("key-1")


@pytest.fixture(scope="session")
def second_key() -> SigningKey:
    return SigningKey("key-2")


@pytest.fixture
def jwks_server(signing_key: SigningKey) -> Iterator[JwksServer]:
    server = JwksServer([signing_key])
    with serve_asgi(server.app()) as url:
        server.url = url
        yield server
