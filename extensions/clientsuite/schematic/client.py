"""``Schematic`` and ``AsyncSchematic``, where ``schematic.client`` users look for them.

The async client is written in ``_async/client.py``; ``Schematic`` is its generated sync twin
(``_sync/client.py``); both build on :class:`~clientsuite.schematic.base.SchematicBase`.
"""

from clientsuite.cache import LocalCache
from clientsuite.schematic._async.client import AsyncSchematic
from clientsuite.schematic._sync.client import Schematic
from clientsuite.schematic.config import AsyncSchematicConfig, SchematicConfig
from clientsuite.schematic.events import EventBodyIdentifyCompany, IdentifyOptions, TrackOptions
from clientsuite.schematic.flags import (
    REASON_ERROR,
    REASON_FLAG_NOT_FOUND,
    REASON_OFFLINE,
    CheckFlagOptions,
    EventUsage,
)

REASON_NOT_FOUND = REASON_FLAG_NOT_FOUND  # the suite's earlier name
__all__ = [
    "REASON_ERROR",
    "REASON_FLAG_NOT_FOUND",
    "REASON_OFFLINE",
    "AsyncSchematic",
    "AsyncSchematicConfig",
    "CheckFlagOptions",
    "EventBodyIdentifyCompany",
    "EventUsage",
    "IdentifyOptions",
    "LocalCache",
    "Schematic",
    "SchematicConfig",
    "TrackOptions",
]
