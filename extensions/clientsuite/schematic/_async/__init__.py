"""The Schematic facade: written once in ``_async/``; ``_sync/`` is generated from it (``make generate``)."""

from typing import TYPE_CHECKING

from clientsuite.schematic._async.client import AsyncSchematic

if TYPE_CHECKING:
    from clientsuite.schematic._async.companies import AsyncCompanies
else:  # loads with the first client, which builds its ``companies``
    from clientsuite.runtime.lazy import exports

    __getattr__, __dir__ = exports(__name__, {"AsyncCompanies": f"{__name__}.companies"})

__all__ = ["AsyncCompanies", "AsyncSchematic"]
