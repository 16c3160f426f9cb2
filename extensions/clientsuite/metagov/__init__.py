"""Metagov, for governance drivers: ``from clientsuite.metagov import Metagov``."""

from clientsuite.metagov._async import AsyncMetagov
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
