"""The Schematic facade: written once in ``_async/``; ``_sync/`` is generated from it (``make generate``)."""

from clientsuite.schematic._async.client import AsyncSchematic
from clientsuite.schematic._async.companies import AsyncCompanies

__all__ = ["AsyncCompanies", "AsyncSchematic"]
