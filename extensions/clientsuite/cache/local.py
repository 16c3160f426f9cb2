"""``LocalCache``: an in-process LRU cache with a time to live, safe to share between threads.

Reads take no lock. Each step of a read is one call on the C-implemented ``OrderedDict`` (``get``,
``move_to_end``), which runs whole under the GIL, so a read sees an entry or not, never half of
one, and a read racing an eviction simply misses. Writes, which evict, take a lock between
themselves. (The keys the clients build compare in C; a key whose ``__eq__`` is Python code could
let a thread switch happen inside a lookup, which ``OrderedDict`` still survives, at worst as a miss.)

Reading the key that was read last does not move it again: it is already the most recently used.
``_recent`` names that key; every change of order resets or replaces it, so it never names a key
that is not at the end once the change is done (see :meth:`LocalCache.get`).
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
_UNKNOWN: Hashable = object()  # ``_recent`` when no key is known to be at the end


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
        self._recent: Hashable = _UNKNOWN  # the key read last, already at the end
        # Bound once: a cached read is then one lookup, one clock call and (maybe) one move.
        self._find = self._entries.get
        self._touch = self._entries.move_to_end

    def get(self, key: Hashable) -> T | None:
        entry = self._find(key)
        if entry is None:
            return None
        if entry[1] <= self._clock():
            self._expire(key, entry)
            return None
        if key != self._recent:
            # Name the key first, then move it; then, if another read named its own key
            # meanwhile, forget both: whichever move came last, ``_recent`` cannot be wrong.
            self._recent = key
            try:  # noqa: SIM105 - contextlib.suppress costs more on this hot path
                self._touch(key)
            except KeyError:  # evicted by another thread meanwhile: still a valid read
                pass
            if self._recent is not key:
                self._recent = _UNKNOWN
        return entry[0]

    def _expire(self, key: Hashable, entry: tuple[T, float]) -> None:
        with self._lock:  # drop it, unless a writer has just replaced it
            if self._entries.get(key) is entry:
                del self._entries[key]

    def set(self, key: Hashable, value: T) -> None:
        if self.max_size == 0:
            return
        with self._lock:
            self._entries[key] = (value, self._clock() + self.ttl)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_size:
                self._entries.popitem(last=False)
            self._recent = _UNKNOWN  # after the move: a read that named its key before it moves again

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._recent = _UNKNOWN
