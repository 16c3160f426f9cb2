"""Schematic webhooks: the official functions, the tolerance, frameworks and random input."""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Any

import pytest
from clientsuite.schematic import (
    WEBHOOK_SIGNATURE_HEADER,
    WEBHOOK_TIMESTAMP_HEADER,
    WebhookSignatureError,
    averify_webhook_signature,
    compute_hex_signature,
    compute_signature,
    verify_signature,
    verify_webhook_signature,
)
from clientsuite.webhooks import MemoryReplayGuard, WebhookTimestampError
from fastapi import Request
from hypothesis import given
from hypothesis import strategies as st

SECRET = "whsec_schematic"
BODY = b'{"type":"subscription.updated","data":{"id":"sub_1"}}'


def headers(body: bytes = BODY, at: float | None = None) -> dict[str, str]:
    timestamp = str(int(at if at is not None else time.time()))
    return {
        WEBHOOK_SIGNATURE_HEADER: compute_hex_signature(body, timestamp, SECRET),
        WEBHOOK_TIMESTAMP_HEADER: timestamp,
    }


def test_signature_algorithm() -> None:
    expected = hmac.new(SECRET.encode(), BODY + b"+1700000000", hashlib.sha256)
    assert compute_signature(BODY, "1700000000", SECRET) == expected.digest()
    assert compute_hex_signature(BODY.decode(), "1700000000", SECRET) == expected.hexdigest()


def test_verify_signature_accepts_genuine_and_refuses_forged() -> None:
    h = headers()
    verify_signature(BODY, h[WEBHOOK_SIGNATURE_HEADER], h[WEBHOOK_TIMESTAMP_HEADER], SECRET)
    with pytest.raises(WebhookSignatureError):
        verify_signature(BODY + b" ", h[WEBHOOK_SIGNATURE_HEADER], h[WEBHOOK_TIMESTAMP_HEADER], SECRET)
    with pytest.raises(WebhookSignatureError, match="missing"):
        verify_signature(BODY, "", h[WEBHOOK_TIMESTAMP_HEADER], SECRET)


def test_stale_timestamp_is_refused_unless_tolerance_is_off() -> None:
    old = headers(at=time.time() - 3600)
    with pytest.raises(WebhookTimestampError):
        verify_signature(BODY, old[WEBHOOK_SIGNATURE_HEADER], old[WEBHOOK_TIMESTAMP_HEADER], SECRET)
    verify_signature(
        BODY, old[WEBHOOK_SIGNATURE_HEADER], old[WEBHOOK_TIMESTAMP_HEADER], SECRET, tolerance=None
    )
    verify_signature(
        BODY, old[WEBHOOK_SIGNATURE_HEADER], old[WEBHOOK_TIMESTAMP_HEADER], SECRET, tolerance=7200
    )


def test_replay_guard_refuses_the_same_delivery_twice() -> None:
    guard = MemoryReplayGuard()
    request = (BODY, headers())
    verify_webhook_signature(request, SECRET, replay_guard=guard)
    with pytest.raises(WebhookSignatureError, match="already received"):
        verify_webhook_signature(request, SECRET, replay_guard=guard)


def test_flask() -> None:
    import flask

    app = flask.Flask(__name__)

    @app.post("/webhooks/schematic")
    def receive() -> Any:
        try:
            verify_webhook_signature(flask.request, SECRET)
        except WebhookSignatureError as error:
            return {"error": str(error)}, 400
        return {"id": flask.request.json["data"]["id"]}  # type: ignore[index]

    http = app.test_client()
    ok = http.post("/webhooks/schematic", data=BODY, headers=headers(), content_type="application/json")
    assert ok.status_code == 200 and ok.json == {"id": "sub_1"}
    forged = http.post(
        "/webhooks/schematic", data=BODY, headers=headers(b"{}"), content_type="application/json"
    )
    assert forged.status_code == 400 and forged.json == {"error": "signature does not match the body"}


def test_django(django_settings: None) -> None:
    from django.test import RequestFactory

    request = RequestFactory().post("/hook", data=BODY, content_type="application/json", headers=headers())
    verify_webhook_signature(request, SECRET)
    stale = RequestFactory().post("/hook", data=BODY, content_type="application/json", headers=headers(at=1))
    with pytest.raises(WebhookSignatureError):
        verify_webhook_signature(stale, SECRET)


def test_fastapi_with_body_and_async_helper() -> None:
    from fastapi import Depends, FastAPI, HTTPException
    from fastapi.testclient import TestClient

    app = FastAPI()

    async def official_style(request: Request) -> None:
        try:
            verify_webhook_signature(request, SECRET, await request.body())
        except WebhookSignatureError as error:
            raise HTTPException(status_code=400, detail=str(error)) from error

    async def suite_style(request: Request) -> None:
        try:
            await averify_webhook_signature(request, SECRET)
        except WebhookSignatureError as error:
            raise HTTPException(status_code=400, detail=str(error)) from error

    @app.post("/a", dependencies=[Depends(official_style)])
    async def a() -> dict[str, bool]:
        return {"ok": True}

    @app.post("/b", dependencies=[Depends(suite_style)])
    async def b() -> dict[str, bool]:
        return {"ok": True}

    http = TestClient(app)
    for path in ("/a", "/b"):
        assert http.post(path, content=BODY, headers=headers()).json() == {"ok": True}
        assert http.post(path, content=BODY, headers=headers(b"x")).status_code == 400


@given(body=st.binary(), signature=st.text(), timestamp=st.text())
def test_random_input_only_raises_the_documented_error(body: bytes, signature: str, timestamp: str) -> None:
    try:
        verify_signature(body, signature, timestamp, SECRET)
    except WebhookSignatureError as error:
        assert error.reason
    else:
        assert signature.strip() == compute_hex_signature(body, timestamp, SECRET)


@given(body=st.binary())
def test_genuine_webhooks_always_verify(body: bytes) -> None:
    h = headers(body)
    verify_signature(body, h[WEBHOOK_SIGNATURE_HEADER], h[WEBHOOK_TIMESTAMP_HEADER], SECRET)
