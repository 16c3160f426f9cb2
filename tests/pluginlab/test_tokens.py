"""Token verification against a real local JWKS endpoint, with real RSA keys."""

from __future__ import annotations

import asyncio
import base64
import json
import threading

import jwt
import pytest
from clientsuite.pluginlab import App, AsyncApp, InvalidTokenError
from cryptography.hazmat.primitives import serialization

from tests.pluginlab.conftest import PLUGIN_ID, JwksServer, SigningKey


def app_for(server: JwksServer) -> App:
    return App("admin-secret", PLUGIN_ID, server.url, f"{server.url}/admin/v1/cert")


def test_valid_token(jwks_server: JwksServer, signing_key: SigningKey) -> None:
    payload = app_for(jwks_server).get_auth().verify_token(signing_key.token())
    assert payload.uid == "mem_1" and payload.aud == f"plugin:{PLUGIN_ID}:admin"
    assert payload.user.plan_id == "pro" and payload.user.given_name == "John"


def test_keys_are_cached(jwks_server: JwksServer, signing_key: SigningKey) -> None:
    auth = app_for(jwks_server).get_auth()
    for _ in range(50):
        auth.verify_token(signing_key.token())
    assert jwks_server.fetches == 1


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"exp": 1}, "expired"),
        ({"aud": "plugin:other:admin"}, "wrong audience"),
    ],
)
def test_refused_claims(
    jwks_server: JwksServer, signing_key: SigningKey, overrides: dict[str, object], reason: str
) -> None:
    with pytest.raises(InvalidTokenError) as caught:
        app_for(jwks_server).get_auth().verify_token(signing_key.token(**overrides))
    assert caught.value.reason == reason


def test_tampered_payload_is_a_bad_signature(jwks_server: JwksServer, signing_key: SigningKey) -> None:
    header, payload, signature = signing_key.token().split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["user"]["planId"] = "enterprise"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    with pytest.raises(InvalidTokenError) as caught:
        app_for(jwks_server).get_auth().verify_token(f"{header}.{forged}.{signature}")
    assert caught.value.reason == "bad signature"


def test_alg_none_is_refused(jwks_server: JwksServer) -> None:
    token = jwt.encode({"uid": "x", "aud": f"plugin:{PLUGIN_ID}:admin"}, None, algorithm="none")
    with pytest.raises(InvalidTokenError) as caught:
        app_for(jwks_server).get_auth().verify_token(token)
    assert caught.value.reason == "algorithm not allowed"


def test_hmac_with_the_public_key_is_refused(jwks_server: JwksServer, signing_key: SigningKey) -> None:
    public_pem = signing_key.private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = base64.urlsafe_b64encode(json.dumps({"alg": "HS256", "kid": "key-1"}).encode()).rstrip(b"=")
    body = base64.urlsafe_b64encode(json.dumps({"uid": "x"}).encode()).rstrip(b"=")
    import hashlib
    import hmac

    mac = hmac.new(public_pem, header + b"." + body, hashlib.sha256).digest()
    token = (header + b"." + body + b"." + base64.urlsafe_b64encode(mac).rstrip(b"=")).decode()
    with pytest.raises(InvalidTokenError) as caught:
        app_for(jwks_server).get_auth().verify_token(token)
    assert caught.value.reason == "algorithm not allowed"


@pytest.mark.parametrize("token", ["", "abc", "a.b.c", "..", "x" * 5000])
def test_malformed(jwks_server: JwksServer, token: str) -> None:
    with pytest.raises(InvalidTokenError) as caught:
        app_for(jwks_server).get_auth().verify_token(token)
    assert caught.value.reason in {"malformed", "algorithm not allowed"}


def test_unknown_kid_refreshes_once_then_key_rotation(
    jwks_server: JwksServer, signing_key: SigningKey, second_key: SigningKey
) -> None:
    auth = app_for(jwks_server).get_auth()
    auth.verify_token(signing_key.token())
    with pytest.raises(InvalidTokenError) as caught:
        auth.verify_token(second_key.token())
    assert caught.value.reason == "unknown key"
    assert jwks_server.fetches == 2  # one refresh for the unknown kid
    jwks_server.keys.append(second_key)  # the key is rotated in
    auth._verifier.min_refresh_interval = 0
    assert auth.verify_token(second_key.token()).uid == "mem_1"
    assert jwks_server.fetches == 3
    with pytest.raises(InvalidTokenError):
        auth.verify_token(SigningKey("key-3").token())
    assert jwks_server.fetches == 4


def test_made_up_kids_cannot_flood_the_key_endpoint(jwks_server: JwksServer) -> None:
    auth = app_for(jwks_server).get_auth()
    for n in range(20):
        with pytest.raises(InvalidTokenError):
            auth.verify_token(SigningKey(f"random-{n}", private=SigningKey("x").private).token())
    assert jwks_server.fetches <= 2


def test_token_without_kid_uses_the_only_key(jwks_server: JwksServer, signing_key: SigningKey) -> None:
    token = jwt.encode(
        {
            "uid": "u",
            "iss": "i",
            "aud": f"plugin:{PLUGIN_ID}:admin",
            "iat": 1,
            "exp": 2**40,
            "user": {"id": "u", "email": "e"},
        },
        signing_key.private,
        algorithm="PS256",
    )
    assert app_for(jwks_server).get_auth().verify_token(token).uid == "u"


def test_concurrent_first_calls_share_one_fetch(jwks_server: JwksServer, signing_key: SigningKey) -> None:
    jwks_server.latency = 0.2
    auth = app_for(jwks_server).get_auth()
    token = signing_key.token()
    results: list[str] = []
    threads = [
        threading.Thread(target=lambda: results.append(auth.verify_token(token).uid)) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["mem_1"] * 8
    assert jwks_server.fetches == 1


async def test_async_verifier_single_flight(jwks_server: JwksServer, signing_key: SigningKey) -> None:
    jwks_server.latency = 0.2
    app = AsyncApp("admin-secret", PLUGIN_ID, auth_cert_url=f"{jwks_server.url}/admin/v1/cert")
    auth = app.get_auth()
    token = signing_key.token()
    payloads = await asyncio.gather(*(auth.verify_token(token) for _ in range(10)))
    assert {p.uid for p in payloads} == {"mem_1"} and jwks_server.fetches == 1
    with pytest.raises(InvalidTokenError):
        await auth.verify_token(signing_key.token(exp=1))
    await app.aclose()


def test_pinned_keys_need_no_endpoint(signing_key: SigningKey) -> None:
    app = App("secret", PLUGIN_ID, offline=True, signing_keys={"keys": [signing_key.jwk()]})
    assert app.get_auth().verify_token(signing_key.token()).user.email == "john@example.com"


def test_error_never_contains_the_token(jwks_server: JwksServer, signing_key: SigningKey) -> None:
    token = signing_key.token(exp=1)
    with pytest.raises(InvalidTokenError) as caught:
        app_for(jwks_server).get_auth().verify_token(token)
    assert token not in str(caught.value) and token.split(".")[2] not in repr(caught.value)
