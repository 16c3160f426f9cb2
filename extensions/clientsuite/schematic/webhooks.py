"""Schematic webhook verification, under the names of the official ``webhook_utils``.

The signature is the hex HMAC-SHA256 of ``body + "+" + timestamp`` keyed by the webhook secret.
Unlike the official SDK, a timestamp outside a tolerance (5 minutes by default) is refused too,
so a captured webhook cannot be replayed later; ``tolerance=None`` turns the check off.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable
from typing import Any

from clientsuite.webhooks import (
    DEFAULT_TOLERANCE_SECONDS,
    RawRequest,
    ReplayGuard,
    SignatureScheme,
    WebhookVerificationError,
    aextract,
    extract,
    verify_signed,
)
from clientsuite.webhooks.compare import as_bytes

WEBHOOK_SIGNATURE_HEADER = "X-Schematic-Webhook-Signature"
WEBHOOK_TIMESTAMP_HEADER = "X-Schematic-Webhook-Timestamp"

# Every refusal is a WebhookSignatureError, as in the official SDK; the subclasses of
# WebhookVerificationError (missing header, stale timestamp, mismatch) say more.
WebhookSignatureError = WebhookVerificationError


def compute_signature(body: str | bytes, timestamp: str | bytes, secret: str | bytes) -> bytes:
    message = as_bytes(body, "body") + b"+" + as_bytes(timestamp, "timestamp")
    return hmac.new(as_bytes(secret, "secret"), message, hashlib.sha256).digest()


def compute_hex_signature(body: str | bytes, timestamp: str | bytes, secret: str | bytes) -> str:
    return compute_signature(body, timestamp, secret).hex()


def _scheme(secret: str | bytes) -> SignatureScheme:
    as_bytes(secret, "secret")  # a wrong type fails here, naming the argument
    return SignatureScheme(
        signature_header=WEBHOOK_SIGNATURE_HEADER,
        timestamp_header=WEBHOOK_TIMESTAMP_HEADER,
        expected=lambda raw, timestamp: compute_hex_signature(raw.body, timestamp or "", secret),
    )


def verify_signature(
    body: str | bytes,
    signature: str | bytes,
    timestamp: str | bytes,
    secret: str | bytes,
    *,
    tolerance: float | None = DEFAULT_TOLERANCE_SECONDS,
    now: Callable[[], float] = time.time,
) -> None:
    """Raise :data:`WebhookSignatureError` unless ``signature`` signs ``body`` and a fresh ``timestamp``."""
    for name, value in (("signature", signature), ("timestamp", timestamp)):
        if value is not None and not isinstance(value, str | bytes):
            raise TypeError(f"{name} must be str or bytes, not {type(value).__name__}")
    raw = RawRequest(
        body, {WEBHOOK_SIGNATURE_HEADER: signature or "", WEBHOOK_TIMESTAMP_HEADER: timestamp or ""}
    )
    verify_signed(raw, _scheme(secret), tolerance=tolerance, now=now)


def _verify_raw(
    raw: RawRequest,
    secret: str | bytes,
    tolerance: float | None,
    replay_guard: ReplayGuard | None,
    now: Callable[[], float],
) -> None:
    scheme = _scheme(secret)
    if replay_guard is not None:  # the signed timestamp doubles as the delivery's identity
        scheme = SignatureScheme(
            scheme.signature_header,
            scheme.expected,
            scheme.timestamp_header,
            delivery_id_header=WEBHOOK_SIGNATURE_HEADER,
        )
    verify_signed(raw, scheme, tolerance=tolerance, replay_guard=replay_guard, now=now)


def verify_webhook_signature(
    request: Any,
    secret: str | bytes,
    body: str | bytes | None = None,
    *,
    tolerance: float | None = DEFAULT_TOLERANCE_SECONDS,
    replay_guard: ReplayGuard | None = None,
    now: Callable[[], float] = time.time,
) -> None:
    """Verify a Flask, Django or Starlette request (for Starlette, pass the awaited ``body``)."""
    if body is not None:
        raw = RawRequest(body, request.headers if hasattr(request, "headers") else {})
    else:
        raw = extract(request)
    _verify_raw(raw, secret, tolerance, replay_guard, now)


async def averify_webhook_signature(
    request: Any,
    secret: str | bytes,
    *,
    tolerance: float | None = DEFAULT_TOLERANCE_SECONDS,
    replay_guard: ReplayGuard | None = None,
    now: Callable[[], float] = time.time,
) -> None:
    """:func:`verify_webhook_signature` that awaits a Starlette/FastAPI body itself."""
    _verify_raw(await aextract(request), secret, tolerance, replay_guard, now)
