"""PluginLab webhooks: the official class, request verification, replay guards, random input."""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Any

import pytest
from clientsuite.pluginlab import PluginLabWebhookError, Webhook, WebhookHeaders
from clientsuite.webhooks import (
    MemoryReplayGuard,
    RedisReplayGuard,
    WebhookMissingHeaderError,
    WebhookReplayError,
    WebhookSignatureError,
    WebhookTimestampError,
)
from hypothesis import given
from hypothesis import strategies as st

SECRET = "whsec_pluginlab"
BODY = '{"event":"member.created","data":{"id":"mem_1"}}'
webhook = Webhook(SECRET)


def sign(body: str | bytes) -> str:
    raw = body.encode() if isinstance(body, str) else body
    return hmac.new(SECRET.encode(), raw, hashlib.sha256).hexdigest()


def headers(body: str = BODY, delivery: str = "dlv_1", at_ms: int | None = None) -> dict[str, str]:
    found = {WebhookHeaders.Signature.value: sign(body), WebhookHeaders.DeliveryId.value: delivery}
    if at_ms is not None:
        found[WebhookHeaders.Timestamp.value] = str(at_ms)
    return found


def test_nine_headers() -> None:
    assert len(WebhookHeaders) == 9
    assert WebhookHeaders.Signature.value == "X-PluginLab-Signature"


def test_is_signature_valid() -> None:
    assert webhook.is_signature_valid(BODY, sign(BODY))
    assert webhook.is_signature_valid(BODY.encode(), sign(BODY))
    assert not webhook.is_signature_valid(BODY + " ", sign(BODY))
    assert not webhook.is_signature_valid(BODY, "")
    assert not webhook.is_signature_valid(BODY, None)


def test_verify_signature_raises_typed() -> None:
    webhook.verify_signature(BODY, sign(BODY))
    with pytest.raises(PluginLabWebhookError):
        webhook.verify_signature(BODY, "nope")
    assert SECRET not in repr(webhook)


def test_timestamp_in_ms_or_s_is_checked_when_present() -> None:
    now = time.time()
    webhook.verify_request((BODY, headers(at_ms=int(now * 1000))))
    webhook.verify_request((BODY, headers(at_ms=int(now))))  # seconds work too
    with pytest.raises(WebhookTimestampError):
        webhook.verify_request((BODY, headers(at_ms=int((now - 3600) * 1000))))
    webhook.verify_request((BODY, headers()))  # no timestamp header: no window to check


def test_replay_guard_on_delivery_id(redis_url: str) -> None:
    for guard in (MemoryReplayGuard(), RedisReplayGuard(redis_url)):
        webhook.verify_request((BODY, headers(delivery="d-1")), replay_guard=guard)
        with pytest.raises(WebhookReplayError):
            webhook.verify_request((BODY, headers(delivery="d-1")), replay_guard=guard)
    no_id = {WebhookHeaders.Signature.value: sign(BODY)}
    with pytest.raises(WebhookMissingHeaderError):
        webhook.verify_request((BODY, no_id), replay_guard=MemoryReplayGuard())


def test_flask_view() -> None:
    import flask

    app = flask.Flask(__name__)

    @app.post("/webhook")
    def receive() -> Any:
        try:
            webhook.verify_request(flask.request)
        except PluginLabWebhookError as error:
            return {"message": error.reason}, 401
        return {"ok": True}

    http = app.test_client()
    assert http.post("/webhook", data=BODY, headers=headers()).json == {"ok": True}
    forged = http.post("/webhook", data=BODY, headers=headers("{}"))
    assert forged.status_code == 401 and forged.json == {"message": "signature does not match the body"}


def test_django_and_starlette(django_settings: None) -> None:
    from django.test import RequestFactory
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route
    from starlette.testclient import TestClient

    request = RequestFactory().post("/hook", data=BODY, content_type="application/json", headers=headers())
    assert webhook.verify_request(request).body == BODY.encode()

    async def receive(request: Request) -> JSONResponse:
        raw = await webhook.averify_request(request)
        return JSONResponse({"bytes": len(raw.body)})

    http = TestClient(Starlette(routes=[Route("/hook", receive, methods=["POST"])]))
    assert http.post("/hook", content=BODY, headers=headers()).json() == {"bytes": len(BODY)}


@given(body=st.binary(), signature=st.text())
def test_random_input(body: bytes, signature: str) -> None:
    valid = webhook.is_signature_valid(body, signature)
    assert valid == (signature.strip() == sign(body))
    try:
        webhook.verify_request((body, {WebhookHeaders.Signature.value: signature}))
    except (WebhookSignatureError, WebhookMissingHeaderError) as error:
        assert not valid and error.reason
    else:
        assert valid


@given(body=st.binary())
def test_genuine_always_verifies(body: bytes) -> None:
    webhook.verify_signature(body, sign(body))
