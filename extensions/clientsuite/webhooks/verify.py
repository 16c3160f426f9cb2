"""One verification recipe for HMAC-signed webhooks; each service fills in its own scheme.

Order matters: headers present, timestamp fresh, signature right (constant time), and only then
the delivery id remembered, so forged requests cannot fill the replay guard.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import attrs

from clientsuite.webhooks.compare import constant_time_equals
from clientsuite.webhooks.errors import WebhookMissingHeaderError, WebhookSignatureError
from clientsuite.webhooks.replay import AsyncReplayGuard, ReplayGuard
from clientsuite.webhooks.requests import RawRequest
from clientsuite.webhooks.tolerance import DEFAULT_TOLERANCE_SECONDS, Unit, check_timestamp

# Given the request and its timestamp header (or None), the signature the sender must have sent.
ExpectedSignature = Callable[[RawRequest, str | None], str]


@attrs.frozen
class SignatureScheme:
    """Where a service puts its signature, timestamp and delivery id, and how it signs."""

    signature_header: str
    expected: ExpectedSignature = attrs.field(repr=False)
    timestamp_header: str | None = None
    timestamp_required: bool = True
    timestamp_unit: Unit = "s"
    delivery_id_header: str | None = None


def _header(raw: RawRequest, name: str) -> str:
    value: str | None = raw.headers.get(name)
    if not value:
        raise WebhookMissingHeaderError(f"missing {name} header")
    return value


def _replay_ttl(tolerance: float | None) -> float:
    """How long a delivery id is remembered: a timestamp may be up to ``tolerance`` in the past or
    the future, so a replay stays acceptable for twice that; with no window, for a day."""
    return 2 * tolerance if tolerance else 86_400.0


def _checked(
    raw: RawRequest, scheme: SignatureScheme, tolerance: float | None, now: Callable[[], float]
) -> str | None:
    """Run every check but the replay guard; returns the delivery id to remember, if any."""
    signature = _header(raw, scheme.signature_header)
    timestamp: str | None = None
    if scheme.timestamp_header:
        timestamp = raw.headers.get(scheme.timestamp_header) or None
        if timestamp is None and scheme.timestamp_required:
            raise WebhookMissingHeaderError(f"missing {scheme.timestamp_header} header")
        if timestamp is not None:
            check_timestamp(timestamp, tolerance=tolerance, now=now, unit=scheme.timestamp_unit)
    if not constant_time_equals(signature.strip(), scheme.expected(raw, timestamp)):
        raise WebhookSignatureError("signature does not match the body")
    if scheme.delivery_id_header:
        return raw.headers.get(scheme.delivery_id_header) or None
    return None


def verify_signed(
    raw: RawRequest,
    scheme: SignatureScheme,
    *,
    tolerance: float | None = DEFAULT_TOLERANCE_SECONDS,
    replay_guard: ReplayGuard | None = None,
    now: Callable[[], float] = time.time,
) -> None:
    """Raise a ``WebhookVerificationError`` subclass unless ``raw`` is genuine, fresh and new."""
    delivery_id = _checked(raw, scheme, tolerance, now)
    if replay_guard is not None:
        if delivery_id is None:
            raise WebhookMissingHeaderError(f"missing {scheme.delivery_id_header or 'delivery id'} header")
        replay_guard.check_and_remember(delivery_id, _replay_ttl(tolerance))


async def averify_signed(
    raw: RawRequest,
    scheme: SignatureScheme,
    *,
    tolerance: float | None = DEFAULT_TOLERANCE_SECONDS,
    replay_guard: AsyncReplayGuard | None = None,
    now: Callable[[], float] = time.time,
) -> None:
    """:func:`verify_signed` with an async replay guard (``AsyncRedisReplayGuard``)."""
    delivery_id = _checked(raw, scheme, tolerance, now)
    if replay_guard is not None:
        if delivery_id is None:
            raise WebhookMissingHeaderError(f"missing {scheme.delivery_id_header or 'delivery id'} header")
        await replay_guard.check_and_remember(delivery_id, _replay_ttl(tolerance))
