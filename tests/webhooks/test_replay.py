"""Replay guards in memory and in a real Redis shared by several guards."""

from __future__ import annotations

import threading
import time

import pytest
import redis
from clientsuite.webhooks import (
    AsyncMemoryReplayGuard,
    AsyncRedisReplayGuard,
    MemoryReplayGuard,
    RedisReplayGuard,
    WebhookReplayError,
)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_memory_guard_expires_entries() -> None:
    clock = Clock()
    guard = MemoryReplayGuard(clock=clock)
    guard.check_and_remember("a", 10)
    with pytest.raises(WebhookReplayError):
        guard.check_and_remember("a", 10)
    clock.now = 10.5
    guard.check_and_remember("a", 10)


def test_memory_guard_is_bounded() -> None:
    guard = MemoryReplayGuard(max_entries=2, clock=Clock())
    for delivery in ("a", "b", "c"):
        guard.check_and_remember(delivery, 100)
    assert len(guard) == 2
    guard.check_and_remember("a", 100)  # the oldest was evicted


def test_memory_guard_under_threads() -> None:
    guard = MemoryReplayGuard()
    accepted: list[str] = []

    def worker() -> None:
        for n in range(200):
            try:
                guard.check_and_remember(f"id-{n}", 60)
                accepted.append(f"id-{n}")
            except WebhookReplayError:
                pass

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(accepted) == sorted(f"id-{n}" for n in range(200))


def test_redis_guard_is_shared_between_instances(redis_url: str) -> None:
    first = RedisReplayGuard(redis_url)
    second = RedisReplayGuard(redis.Redis.from_url(redis_url))
    first.check_and_remember("delivery-1", 60)
    with pytest.raises(WebhookReplayError):
        second.check_and_remember("delivery-1", 60)
    second.check_and_remember("delivery-2", 60)


def test_redis_guard_expires(redis_url: str) -> None:
    guard = RedisReplayGuard(redis_url, prefix="short:")
    guard.check_and_remember("x", 0.2)
    time.sleep(0.35)
    guard.check_and_remember("x", 0.2)
    assert redis.Redis.from_url(redis_url).exists("short:x")


async def test_async_guards(redis_url: str) -> None:
    guard = AsyncRedisReplayGuard(redis_url)
    await guard.check_and_remember("a", 60)
    with pytest.raises(WebhookReplayError):
        await AsyncRedisReplayGuard(redis_url).check_and_remember("a", 60)
    memory = AsyncMemoryReplayGuard()
    await memory.check_and_remember("a", 60)
    with pytest.raises(WebhookReplayError):
        await memory.check_and_remember("a", 60)
