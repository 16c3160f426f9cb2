"""``schematic.core``'s public names, so ``except schematic.core.ApiError`` runs unchanged."""

from clientsuite.errors import ApiError
from clientsuite.runtime.options import RequestOptions

__all__ = ["ApiError", "RequestOptions"]
