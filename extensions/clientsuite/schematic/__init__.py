"""Schematic, drop-in for the official ``schematichq`` SDK.

``from clientsuite.schematic import Schematic`` instead of ``from schematic.client import Schematic``.
"""

from clientsuite.cache import AsyncRedisCache, LocalCache, RedisCache
from clientsuite.schematic import core, webhook_utils
from clientsuite.schematic.buffer import BufferStats
from clientsuite.schematic.client import AsyncSchematic, Schematic
from clientsuite.schematic.config import AsyncSchematicConfig, SchematicConfig
from clientsuite.schematic.events import EventBodyIdentifyCompany, IdentifyOptions, TrackOptions
from clientsuite.schematic.flags import CheckFlagOptions, EventUsage
from clientsuite.schematic.webhooks import (
    WEBHOOK_SIGNATURE_HEADER,
    WEBHOOK_TIMESTAMP_HEADER,
    WebhookSignatureError,
    averify_webhook_signature,
    compute_hex_signature,
    compute_signature,
    verify_signature,
    verify_webhook_signature,
)

__all__ = [
    "WEBHOOK_SIGNATURE_HEADER",
    "WEBHOOK_TIMESTAMP_HEADER",
    "AsyncRedisCache",
    "AsyncSchematic",
    "AsyncSchematicConfig",
    "BufferStats",
    "CheckFlagOptions",
    "EventBodyIdentifyCompany",
    "EventUsage",
    "IdentifyOptions",
    "LocalCache",
    "RedisCache",
    "Schematic",
    "SchematicConfig",
    "TrackOptions",
    "WebhookSignatureError",
    "averify_webhook_signature",
    "compute_hex_signature",
    "compute_signature",
    "core",
    "verify_signature",
    "verify_webhook_signature",
    "webhook_utils",
]
