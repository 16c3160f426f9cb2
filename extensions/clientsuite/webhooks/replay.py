"""Remember delivery ids for the tolerance window, so a captured webhook cannot be replayed.

``MemoryReplayGuard`` serves one process; ``RedisReplayGuard`` (``SET NX PX``, atomic) serves
several processes or machines that share a Redis.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Protocol

from clientsuite.runtime.extras import missing_extra
from clientsuite.webhooks.errors import WebhookReplayError

DEFAULT_PREFIX = "clientsuite:webhook:"


class ReplayGuard(Protocol):
    def check_and_remember(self, delivery_id: str, ttl_seconds: float) -> None:
        """Raise :class:`WebhookReplayError` if ``delivery_id`` was seen within its ttl; else remember it."""


class AsyncReplayGuard(Protocol):
    async def check_and_remember(self, delivery_id: str, ttl_seconds: float) -> None: ...


def _replayed(delivery_id: str) -> WebhookReplayError:
    # The id is not quoted: some services' ids are their signatures, which stay out of messages.
    return WebhookReplayError("this delivery was already received")


class MemoryReplayGuard:
    """In-process guard: thread-safe, entries expire, oldest evicted beyond ``max_entries``."""

    def __init__(self, max_entries: int = 100_000, clock: Callable[[], float] = time.monotonic) -> None:
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()
        self._max = max_entries
        self._clock = clock

    def check_and_remember(self, delivery_id: str, ttl_seconds: float) -> None:
        now = self._clock()
        with self._lock:
            while self._seen and next(iter(self._seen.values())) <= now:
                self._seen.popitem(last=False)
            expiry = self._seen.get(delivery_id)
            if expiry is not None and expiry > now:
                raise _replayed(delivery_id)
            self._seen[delivery_id] = now + ttl_seconds
            self._seen.move_to_end(delivery_id)
            while len(self._seen) > self._max:
                self._seen.popitem(last=False)

    def __len__(self) -> int:
        return len(self._seen)


class AsyncMemoryReplayGuard:
    """The in-process guard for async code (its critical section never awaits)."""

    def __init__(self, max_entries: int = 100_000, clock: Callable[[], float] = time.monotonic) -> None:
        self._guard = MemoryReplayGuard(max_entries, clock)

    async def check_and_remember(self, delivery_id: str, ttl_seconds: float) -> None:
        self._guard.check_and_remember(delivery_id, ttl_seconds)


def _redis(client_or_url: Any, asyncio: bool) -> Any:
    if isinstance(client_or_url, str):
        try:
            import redis
            import redis.asyncio
        except ImportError as error:
            raise missing_extra(error, "the Redis replay guard") from error
        if asyncio:
            return redis.asyncio.Redis.from_url(client_or_url)
        return redis.Redis.from_url(client_or_url)
    return client_or_url


def _ttl_ms(ttl_seconds: float) -> int:
    return max(1, int(ttl_seconds * 1000))


class RedisReplayGuard:
    """Guard shared through Redis by every process and machine that verifies the same webhooks."""

    def __init__(self, redis_client_or_url: Any, prefix: str = DEFAULT_PREFIX) -> None:
        self._redis = _redis(redis_client_or_url, asyncio=False)
        self._prefix = prefix

    def check_and_remember(self, delivery_id: str, ttl_seconds: float) -> None:
        if not self._redis.set(self._prefix + delivery_id, b"1", nx=True, px=_ttl_ms(ttl_seconds)):
            raise _replayed(delivery_id)


class AsyncRedisReplayGuard:
    """:class:`RedisReplayGuard` on ``redis.asyncio``."""

    def __init__(self, redis_client_or_url: Any, prefix: str = DEFAULT_PREFIX) -> None:
        self._redis = _redis(redis_client_or_url, asyncio=True)
        self._prefix = prefix

    async def check_and_remember(self, delivery_id: str, ttl_seconds: float) -> None:
        if not await self._redis.set(self._prefix + delivery_id, b"1", nx=True, px=_ttl_ms(ttl_seconds)):
            raise _replayed(delivery_id)
