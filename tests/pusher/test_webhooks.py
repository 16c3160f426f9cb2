"""Webhook validation: the official contract, the strict variant, frameworks and random input."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

import pytest
from clientsuite.pusher import Pusher
from clientsuite.webhooks import (
    WebhookMissingHeaderError,
    WebhookSignatureError,
    WebhookTimestampError,
    WebhookVerificationError,
)
from hypothesis import given
from hypothesis import strategies as st

SECRET = "app-secret-value"
client = Pusher("123", "app-key", SECRET)


def signed(payload: dict[str, Any]) -> tuple[str, str]:
    body = json.dumps(payload)
    return body, hmac.new(SECRET.encode(), body.encode(), hashlib.sha256).hexdigest()


def fresh() -> dict[str, Any]:
    return {"time_ms": int(time.time() * 1000), "events": [{"name": "channel_occupied", "channel": "a"}]}


def test_valid_webhook_returns_payload() -> None:
    body, signature = signed(fresh())
    assert client.validate_webhook("app-key", signature, body)["events"][0]["channel"] == "a"  # type: ignore[index]
    assert client.validate_webhook(b"app-key", signature.encode(), body.encode()) is not None


@pytest.mark.parametrize(
    ("key", "mutate"),
    [
        ("other-key", lambda body, sig: (body, sig)),
        ("app-key", lambda body, sig: (body, "0" * 64)),
        ("app-key", lambda body, sig: (body + " ", sig)),
    ],
)
def test_forged_webhooks_return_none(key: str, mutate: Any) -> None:
    body, signature = mutate(*signed(fresh()))
    assert client.validate_webhook(key, signature, body) is None


def test_stale_or_missing_time_is_refused() -> None:
    old = fresh() | {"time_ms": int((time.time() - 301) * 1000)}
    assert client.validate_webhook("app-key", signed(old)[1], signed(old)[0]) is None
    with pytest.raises(WebhookTimestampError, match="old"):
        client.verify_webhook("app-key", signed(old)[1], signed(old)[0])
    no_time = {"events": []}
    with pytest.raises(WebhookVerificationError, match="time_ms"):
        client.verify_webhook("app-key", signed(no_time)[1], signed(no_time)[0])


def test_strict_variant_says_why() -> None:
    body, signature = signed(fresh())
    with pytest.raises(WebhookSignatureError):
        client.verify_webhook("app-key", "f" * 64, body)
    with pytest.raises(WebhookMissingHeaderError):
        client.verify_webhook(None, signature, body)
    with pytest.raises(WebhookVerificationError) as caught:
        client.verify_webhook("nope", signature, body)
    assert SECRET not in str(caught.value) and signature not in str(caught.value)


def test_type_errors_like_the_official_library() -> None:
    with pytest.raises(TypeError):
        client.validate_webhook(1, "s", "b")


def test_flask_request() -> None:
    import flask

    app = flask.Flask(__name__)
    app.testing = True  # let the view's exception reach the test

    @app.post("/pusher/webhook")
    def receive() -> Any:
        payload = client.verify_request(flask.request)
        return {"events": len(payload["events"])}

    body, signature = signed(fresh())
    response = app.test_client().post(
        "/pusher/webhook", data=body, headers={"X-Pusher-Key": "app-key", "X-Pusher-Signature": signature}
    )
    assert response.json == {"events": 1}
    with pytest.raises(WebhookSignatureError):
        headers = {"X-Pusher-Key": "app-key", "X-Pusher-Signature": "x"}
        app.test_client().post("/pusher/webhook", data=body, headers=headers)


def test_django_request(django_settings: None) -> None:
    from django.test import RequestFactory

    body, signature = signed(fresh())
    request = RequestFactory().post(
        "/hook",
        data=body,
        content_type="application/json",
        headers={"X-Pusher-Key": "app-key", "X-Pusher-Signature": signature},
    )
    assert client.verify_request(request)["events"][0]["name"] == "channel_occupied"


def test_starlette_request() -> None:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route
    from starlette.testclient import TestClient

    async def receive(request: Request) -> JSONResponse:
        try:
            payload = await client.averify_request(request)
        except WebhookVerificationError as error:
            return JSONResponse({"refused": error.reason}, 401)
        return JSONResponse({"ok": len(payload["events"])})

    http = TestClient(Starlette(routes=[Route("/hook", receive, methods=["POST"])]))
    body, signature = signed(fresh())
    headers = {"X-Pusher-Key": "app-key", "X-Pusher-Signature": signature}
    assert http.post("/hook", content=body, headers=headers).json() == {"ok": 1}
    forged = http.post("/hook", content=body + "x", headers=headers)
    assert forged.status_code == 401 and forged.json() == {"refused": "signature does not match the body"}


@given(key=st.text(), signature=st.text(), body=st.binary())
def test_random_input_is_refused_or_accepted_never_crashes(key: str, signature: str, body: bytes) -> None:
    result = client.validate_webhook(key, signature, body)
    assert result is None or (key == "app-key" and isinstance(result, dict))
    try:
        assert client.verify_webhook(key, signature, body) == result
    except WebhookVerificationError as error:
        assert result is None and error.reason


@given(events=st.lists(st.dictionaries(st.text(), st.text(), max_size=3), max_size=3))
def test_genuine_payloads_always_validate(events: list[dict[str, str]]) -> None:
    payload = {"time_ms": int(time.time() * 1000), "events": events}
    body, signature = signed(payload)
    assert client.validate_webhook("app-key", signature, body) == payload
