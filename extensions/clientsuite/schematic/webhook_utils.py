"""``schematic.webhook_utils``'s names, so ``from ....webhook_utils import ...`` keeps working."""

from clientsuite.schematic.webhooks import (
    WEBHOOK_SIGNATURE_HEADER,
    WEBHOOK_TIMESTAMP_HEADER,
    WebhookSignatureError,
    compute_hex_signature,
    compute_signature,
    verify_signature,
    verify_webhook_signature,
)

__all__ = [
    "WEBHOOK_SIGNATURE_HEADER",
    "WEBHOOK_TIMESTAMP_HEADER",
    "WebhookSignatureError",
    "compute_hex_signature",
    "compute_signature",
    "verify_signature",
    "verify_webhook_signature",
]
