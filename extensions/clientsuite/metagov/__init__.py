"""Metagov, for governance drivers: ``from clientsuite.metagov import Metagov``."""

from typing import TYPE_CHECKING

from clientsuite.metagov._sync import Metagov
from clientsuite.metagov.base import Backoff, ProcessHandle, SavedCommunity
from clientsuite.metagov.errors import (
    ConcurrentChangeError,
    MetagovApiError,
    MetagovBadRequestError,
    MetagovNotFoundError,
    MetagovServerError,
    ProcessTimeoutError,
    messages_from,
)
from clientsuite.metagov.hooks import hook_url, new_webhook_slug, request_path, verify_hook_path
from clientsuite.metagov.validation import (
    Capabilities,
    Catalogue,
    MetagovValidationError,
    UnknownCapabilityError,
    Violation,
)

if TYPE_CHECKING:
    from clientsuite.metagov._async import AsyncMetagov
else:  # loads on first use: a sync user imports no asyncio or aiohttp
    from clientsuite.runtime.lazy import exports

    __getattr__, __dir__ = exports(__name__, {"AsyncMetagov": "clientsuite.metagov._async.client"})

__all__ = [
    "AsyncMetagov",
    "Backoff",
    "Capabilities",
    "Catalogue",
    "ConcurrentChangeError",
    "Metagov",
    "MetagovApiError",
    "MetagovBadRequestError",
    "MetagovNotFoundError",
    "MetagovServerError",
    "MetagovValidationError",
    "ProcessHandle",
    "ProcessTimeoutError",
    "SavedCommunity",
    "UnknownCapabilityError",
    "Violation",
    "hook_url",
    "messages_from",
    "new_webhook_slug",
    "request_path",
    "verify_hook_path",
]
