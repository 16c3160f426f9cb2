"""The webhook core every service's verifier is built on.

- :func:`extract` / :func:`aextract`: the raw body and headers from Flask/Werkzeug, Django,
  Starlette/FastAPI requests, a ``(body, headers)`` pair or a ``{"body", "headers"}`` mapping.
- :func:`constant_time_equals`, :func:`hmac_sha256_hex`: signature comparison without timing leaks.
- :func:`check_timestamp`: a signed timestamp within a tolerance (default 5 minutes).
- :class:`MemoryReplayGuard`, :class:`RedisReplayGuard` (and async twins): each delivery id once.
- :class:`SignatureScheme` + :func:`verify_signed`: the checks above in the right order.
- Errors: :class:`WebhookVerificationError` and its subclasses, each with a ``reason``.
"""

from clientsuite.webhooks.compare import constant_time_equals, hmac_sha256_hex
from clientsuite.webhooks.errors import (
    WebhookMissingHeaderError,
    WebhookReplayError,
    WebhookSignatureError,
    WebhookTimestampError,
    WebhookVerificationError,
)
from clientsuite.webhooks.replay import (
    AsyncMemoryReplayGuard,
    AsyncRedisReplayGuard,
    AsyncReplayGuard,
    MemoryReplayGuard,
    RedisReplayGuard,
    ReplayGuard,
)
from clientsuite.webhooks.requests import RawRequest, aextract, extract
from clientsuite.webhooks.tolerance import DEFAULT_TOLERANCE_SECONDS, check_timestamp, parse_timestamp
from clientsuite.webhooks.verify import SignatureScheme, averify_signed, verify_signed

__all__ = [
    "DEFAULT_TOLERANCE_SECONDS",
    "AsyncMemoryReplayGuard",
    "AsyncRedisReplayGuard",
    "AsyncReplayGuard",
    "MemoryReplayGuard",
    "RawRequest",
    "RedisReplayGuard",
    "ReplayGuard",
    "SignatureScheme",
    "WebhookMissingHeaderError",
    "WebhookReplayError",
    "WebhookSignatureError",
    "WebhookTimestampError",
    "WebhookVerificationError",
    "aextract",
    "averify_signed",
    "check_timestamp",
    "constant_time_equals",
    "extract",
    "hmac_sha256_hex",
    "parse_timestamp",
    "verify_signed",
]
