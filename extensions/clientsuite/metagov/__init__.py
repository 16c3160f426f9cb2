"""Metagov, for governance drivers: ``from clientsuite.metagov import Metagov``."""

from clientsuite.metagov.client import (
    AsyncMetagov,
    Backoff,
    ConcurrentChangeError,
    Metagov,
    ProcessTimeoutError,
)
from clientsuite.metagov.hooks import hook_url, new_webhook_slug, request_path, verify_hook_path
from clientsuite.metagov.validation import (
    Catalogue,
    MetagovValidationError,
    UnknownCapabilityError,
    Violation,
)

__all__ = [
    "AsyncMetagov",
    "Backoff",
    "Catalogue",
    "ConcurrentChangeError",
    "Metagov",
    "MetagovValidationError",
    "ProcessTimeoutError",
    "UnknownCapabilityError",
    "Violation",
    "hook_url",
    "new_webhook_slug",
    "request_path",
    "verify_hook_path",
]
