"""``LocalCache``: an in-process LRU cache with a time to live, safe to share between threads.

Reads take no lock: each step is a single call on a C-implemented ``OrderedDict``, which the GIL
makes atomic, so a read racing an eviction simply misses. Writes, which evict, take a lock.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")

DEFAULT_MAX_SIZE = 1000
DEFAULT_TTL_MS = 5000


class LocalCache(Generic[T]):
    """At most ``max_size`` entries, each living ``ttl_ms`` milliseconds; ``max_size=0`` disables it."""

    def __init__(
        self,
        max_size: int = DEFAULT_MAX_SIZE,
        ttl_ms: int = DEFAULT_TTL_MS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if max_size < 0 or ttl_ms < 0:
            raise ValueError("max_size and ttl_ms must be >= 0")
        self.max_size = max_size
        self.ttl = ttl_ms / 1000.0
        self._clock = clock
        self._entries: OrderedDict[Hashable, tuple[T, float]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> T | None:
        entries = self._entries
        entry = entries.get(key)
        if entry is None:
            return None
        value, expires = entry
        if expires <= self._clock():
            entries.pop(key, None)
            return None
        try:  # noqa: SIM105 - contextlib.suppress costs more on this hot path
            entries.move_to_end(key)
        except KeyError:  # evicted by another thread meanwhile: still a valid read
            pass
        return value

    def set(self, key: Hashable, value: T) -> None:
        if self.max_size == 0:
            return
        with self._lock:
            self._entries[key] = (value, self._clock() + self.ttl)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_size:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
