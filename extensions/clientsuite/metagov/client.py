"""Kept so that imports from ``clientsuite.metagov.client`` (its former home) still work."""

from clientsuite.metagov._async import AsyncMetagov
from clientsuite.metagov._sync import Metagov
from clientsuite.metagov.base import Backoff, split_name
from clientsuite.metagov.errors import ConcurrentChangeError, ProcessTimeoutError

__all__ = ["AsyncMetagov", "Backoff", "ConcurrentChangeError", "Metagov", "ProcessTimeoutError", "split_name"]
