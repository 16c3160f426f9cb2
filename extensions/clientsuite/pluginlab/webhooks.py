"""PluginLab webhooks: an HMAC-SHA256 (hex) of the raw body, compared in constant time.

``Webhook`` keeps the official names; ``verify_request`` adds what the official SDK lacks: raw
bodies straight from Flask/Django/Starlette, a timestamp window when ``X-PluginLab-Timestamp`` is
sent, and an optional replay guard keyed by ``X-PluginLab-Delivery-Id``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import Enum
from typing import Any

from clientsuite.redaction import Secret, check_secret
from clientsuite.webhooks import (
    DEFAULT_TOLERANCE_SECONDS,
    AsyncReplayGuard,
    RawRequest,
    ReplayGuard,
    SignatureScheme,
    WebhookSignatureError,
    WebhookVerificationError,
    aextract,
    averify_signed,
    constant_time_equals,
    extract,
    hmac_sha256_hex,
    verify_signed,
)
from clientsuite.webhooks.compare import as_bytes


class WebhookHeaders(Enum):
    Signature = "X-PluginLab-Signature"
    Event = "X-PluginLab-Event"
    DeliveryId = "X-PluginLab-Delivery-Id"
    HookId = "X-PluginLab-Hook-Id"
    PluginId = "X-PluginLab-Plugin-Id"
    SignatureVersion = "X-PluginLab-Signature-Version"
    SignatureAlgorithm = "X-PluginLab-Signature-Algorithm"
    PoweredBy = "X-Powered-By"
    Timestamp = "X-PluginLab-Timestamp"


PluginLabWebhookError = WebhookVerificationError


def _body(raw_body: str | bytes) -> bytes:
    return as_bytes(raw_body, "raw_body")


class Webhook:
    """Verifies webhooks signed with one webhook secret."""

    def __init__(self, secret: str) -> None:
        if not isinstance(secret, str) or not secret:
            raise ValueError("a webhook secret is required")
        self._secret = Secret(check_secret(secret, "secret"))
        self._scheme = SignatureScheme(
            signature_header=WebhookHeaders.Signature.value,
            expected=lambda raw, _timestamp: hmac_sha256_hex(self._secret.reveal(), raw.body),
            timestamp_header=WebhookHeaders.Timestamp.value,
            timestamp_required=False,
            timestamp_unit="auto",
            delivery_id_header=WebhookHeaders.DeliveryId.value,
        )

    def __repr__(self) -> str:
        return "Webhook(secret=[redacted])"

    def is_signature_valid(self, raw_body: str | bytes, signature: str | bytes | None) -> bool:
        """Whether ``signature`` signs ``raw_body`` (exactly as received), compared in constant time."""
        body = _body(raw_body)
        if not signature:
            return False
        expected = hmac_sha256_hex(self._secret.reveal(), body)
        return constant_time_equals(signature.strip() if isinstance(signature, str) else signature, expected)

    def verify_signature(self, raw_body: str | bytes, signature: str | bytes | None) -> None:
        """Raise :class:`~clientsuite.webhooks.WebhookSignatureError` unless the signature is valid."""
        if not self.is_signature_valid(raw_body, signature):
            raise WebhookSignatureError("signature does not match the body")

    def verify_request(
        self,
        request: Any,
        *,
        tolerance: float | None = DEFAULT_TOLERANCE_SECONDS,
        replay_guard: ReplayGuard | None = None,
        now: Callable[[], float] = time.time,
    ) -> RawRequest:
        """Verify a Flask, Django or plain ``(body, headers)`` request; returns its raw body and headers."""
        raw = extract(request)
        verify_signed(raw, self._scheme, tolerance=tolerance, replay_guard=replay_guard, now=now)
        return raw

    async def averify_request(
        self,
        request: Any,
        *,
        tolerance: float | None = DEFAULT_TOLERANCE_SECONDS,
        replay_guard: AsyncReplayGuard | None = None,
        now: Callable[[], float] = time.time,
    ) -> RawRequest:
        """:meth:`verify_request` for Starlette/FastAPI requests."""
        raw = await aextract(request)
        await averify_signed(raw, self._scheme, tolerance=tolerance, replay_guard=replay_guard, now=now)
        return raw
