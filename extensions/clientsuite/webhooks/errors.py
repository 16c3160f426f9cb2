"""Why a webhook was refused. Each service's verifier raises these (or subclasses of them)."""

from __future__ import annotations

from clientsuite.errors import ClientSuiteError


class WebhookVerificationError(ClientSuiteError, ValueError):
    """A webhook that must not be trusted; ``reason`` says which check failed (never a secret)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class WebhookMissingHeaderError(WebhookVerificationError):
    """A header the signature scheme needs is absent."""


class WebhookSignatureError(WebhookVerificationError):
    """The signature does not match the body."""


class WebhookTimestampError(WebhookVerificationError):
    """The signed timestamp is missing, malformed, or outside the tolerance window."""


class WebhookReplayError(WebhookVerificationError):
    """The delivery id was already seen within the tolerance window."""
