"""Schematic, drop-in for the official ``schematichq`` SDK.

``from clientsuite.schematic import Schematic`` instead of ``from schematic.client import Schematic``.
"""

from typing import TYPE_CHECKING

from clientsuite.cache.local import LocalCache
from clientsuite.schematic._sync.client import Schematic

if TYPE_CHECKING:
    from clientsuite.cache.redis import AsyncRedisCache, RedisCache
    from clientsuite.schematic import core, webhook_utils
    from clientsuite.schematic._async.client import AsyncSchematic
    from clientsuite.schematic.buffer import BufferStats
    from clientsuite.schematic.config import AsyncSchematicConfig, SchematicConfig
    from clientsuite.schematic.options import (
        CheckFlagOptions,
        EventBodyIdentifyCompany,
        EventUsage,
        IdentifyOptions,
        TrackOptions,
    )
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
else:  # load on first use: the async client (asyncio, aiohttp), the configurations (built with the
    # first client), the option classes, the event buffer, the Redis caches and webhook verification
    from clientsuite.runtime.lazy import exports

    _WEBHOOKS = "clientsuite.schematic.webhooks"
    __getattr__, __dir__ = exports(
        __name__,
        {
            "AsyncSchematic": "clientsuite.schematic._async.client",
            **dict.fromkeys(("AsyncSchematicConfig", "SchematicConfig"), "clientsuite.schematic.config"),
            "BufferStats": "clientsuite.schematic.buffer",
            **dict.fromkeys(
                (
                    "CheckFlagOptions",
                    "EventBodyIdentifyCompany",
                    "EventUsage",
                    "IdentifyOptions",
                    "TrackOptions",
                ),
                "clientsuite.schematic.options",
            ),
            **dict.fromkeys(("AsyncRedisCache", "RedisCache"), "clientsuite.cache.redis"),
            "core": "clientsuite.schematic",
            "webhook_utils": "clientsuite.schematic",
            **dict.fromkeys(
                (
                    "WEBHOOK_SIGNATURE_HEADER",
                    "WEBHOOK_TIMESTAMP_HEADER",
                    "WebhookSignatureError",
                    "averify_webhook_signature",
                    "compute_hex_signature",
                    "compute_signature",
                    "verify_signature",
                    "verify_webhook_signature",
                ),
                _WEBHOOKS,
            ),
        },
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
