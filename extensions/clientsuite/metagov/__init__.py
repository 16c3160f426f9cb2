"""Metagov, for governance drivers: ``from clientsuite.metagov import Metagov``."""

from typing import TYPE_CHECKING

from clientsuite.metagov._sync import Metagov
from clientsuite.metagov.base import Backoff, ProcessHandle

if TYPE_CHECKING:
    from clientsuite.metagov._async import AsyncMetagov
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
    from clientsuite.metagov.saved import SavedCommunity
    from clientsuite.metagov.validation import (
        Capabilities,
        Catalogue,
        MetagovValidationError,
        UnknownCapabilityError,
        Violation,
    )
else:  # load on first use: the async client (asyncio, aiohttp), the errors, schema checks and hooks
    from clientsuite.runtime.lazy import exports

    __getattr__, __dir__ = exports(
        __name__,
        {
            "AsyncMetagov": "clientsuite.metagov._async.client",
            "SavedCommunity": "clientsuite.metagov.saved",
            **dict.fromkeys(
                (
                    "ConcurrentChangeError",
                    "MetagovApiError",
                    "MetagovBadRequestError",
                    "MetagovNotFoundError",
                    "MetagovServerError",
                    "ProcessTimeoutError",
                    "messages_from",
                ),
                "clientsuite.metagov.errors",
            ),
            **dict.fromkeys(
                ("hook_url", "new_webhook_slug", "request_path", "verify_hook_path"),
                "clientsuite.metagov.hooks",
            ),
            **dict.fromkeys(
                (
                    "Capabilities",
                    "Catalogue",
                    "MetagovValidationError",
                    "UnknownCapabilityError",
                    "Violation",
                ),
                "clientsuite.metagov.validation",
            ),
        },
    )

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
