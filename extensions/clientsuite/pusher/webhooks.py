"""Validate Channels webhooks: the app key header, an HMAC-SHA256 of the raw body, a fresh ``time_ms``.

``validate_webhook`` answers like the official library (the payload, or ``None``);
``verify_webhook`` raises a :class:`PusherWebhookError` that says why, for code that wants to know.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from clientsuite.pusher.signing import sign
from clientsuite.webhooks import (
    WebhookMissingHeaderError,
    WebhookSignatureError,
    WebhookVerificationError,
    check_timestamp,
    constant_time_equals,
)

KEY_HEADER = "X-Pusher-Key"
SIGNATURE_HEADER = "X-Pusher-Signature"
DEFAULT_TOLERANCE_SECONDS = 300.0


class PusherWebhookError(WebhookVerificationError):
    """A Channels webhook that failed validation; ``reason`` says which check."""


def verify_webhook(
    app_key: str,
    secret: str,
    key: str | bytes | None,
    signature: str | bytes | None,
    body: str | bytes,
    *,
    tolerance: float | None = DEFAULT_TOLERANCE_SECONDS,
    decoder: type[json.JSONDecoder] | None = None,
    now: Callable[[], float] = time.time,
) -> dict[str, Any]:
    """The parsed payload of a genuine, fresh webhook; raises otherwise."""
    for name, value in (("app_key", app_key), ("secret", secret)):
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a string, not {type(value).__name__}")
    if not isinstance(body, str | bytes):
        raise TypeError(f"body must be str or bytes, not {type(body).__name__}")
    if not key:
        raise WebhookMissingHeaderError(f"missing {KEY_HEADER} header")
    if not signature:
        raise WebhookMissingHeaderError(f"missing {SIGNATURE_HEADER} header")
    if not constant_time_equals(key, app_key):
        raise PusherWebhookError(f"{KEY_HEADER} does not match this app's key")
    raw = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise PusherWebhookError("body is not UTF-8") from None
    if not constant_time_equals(signature, sign(secret, text)):
        raise WebhookSignatureError("signature does not match the body")
    try:
        payload = json.loads(text, cls=decoder)
    except ValueError:
        raise PusherWebhookError("body is not JSON") from None
    if not isinstance(payload, dict):
        raise PusherWebhookError("body is not a JSON object")
    time_ms = payload.get("time_ms")
    if isinstance(time_ms, bool) or not isinstance(time_ms, int | float):
        raise PusherWebhookError("body has no numeric time_ms")
    check_timestamp(time_ms, tolerance=tolerance, now=now, unit="ms")
    return payload


def validate_webhook(
    app_key: str,
    secret: str,
    key: str | bytes | None,
    signature: str | bytes | None,
    body: str | bytes,
    *,
    tolerance: float | None = DEFAULT_TOLERANCE_SECONDS,
    decoder: type[json.JSONDecoder] | None = None,
    now: Callable[[], float] = time.time,
) -> dict[str, Any] | None:
    """Like :func:`verify_webhook`, but ``None`` instead of an error, as the official library does."""
    try:
        return verify_webhook(
            app_key, secret, key, signature, body, tolerance=tolerance, decoder=decoder, now=now
        )
    except WebhookVerificationError:
        return None
