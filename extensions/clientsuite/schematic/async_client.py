"""``AsyncSchematic`` under its earlier module name; it is written in ``_async/client.py``."""

from clientsuite.schematic._async.client import AsyncSchematic

__all__ = ["AsyncSchematic"]
