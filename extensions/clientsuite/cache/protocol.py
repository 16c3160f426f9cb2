"""The cache-provider protocol: one small interface that local and shared caches both implement.

Keys are any hashable value; a provider that stores text (Redis) turns them into strings with
:func:`key_text`. Values are what the client caches (for flag checks, the check result).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Protocol, TypeVar

T = TypeVar("T")


class CacheProvider(Protocol[T]):
    def get(self, key: Hashable) -> T | None:
        """The value stored under ``key`` if it has not expired, else ``None``."""

    def set(self, key: Hashable, value: T) -> None:
        """Store ``value`` under ``key`` for the provider's time to live."""


class AsyncCacheProvider(Protocol[T]):
    async def get(self, key: Hashable) -> T | None: ...

    async def set(self, key: Hashable, value: T) -> None: ...


def key_text(key: Hashable) -> str:
    """A stable text form of a key: sets are sorted, so equal keys give equal text in any order."""
    if isinstance(key, str):
        return key
    if isinstance(key, tuple):
        return ":".join(key_text(part) for part in key)
    if isinstance(key, frozenset):
        return ";".join(sorted(key_text(part) if isinstance(part, tuple) else str(part) for part in key))
    if key is None:
        return "-"
    return str(key)
