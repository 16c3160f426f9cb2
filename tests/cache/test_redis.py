from __future__ import annotations

import time

import redis
from clientsuite.cache import AsyncRedisCache, RedisCache


def test_shared_between_instances(redis_url: str) -> None:
    first: RedisCache[dict[str, bool]] = RedisCache(redis_url, ttl_ms=5000, prefix="t:")
    second: RedisCache[dict[str, bool]] = RedisCache(
        redis.Redis.from_url(redis_url), ttl_ms=5000, prefix="t:"
    )
    key = ("flag", frozenset({("id", "c1")}), None)
    first.set(key, {"value": True})
    assert second.get(("flag", frozenset({("id", "c1")}), None)) == {"value": True}
    assert redis.Redis.from_url(redis_url).pttl("t:flag:id:c1:-") > 4000


def test_ttl(redis_url: str) -> None:
    cache: RedisCache[int] = RedisCache(redis_url, ttl_ms=150)
    cache.set("k", 1)
    assert cache.get("k") == 1
    time.sleep(0.3)
    assert cache.get("k") is None


async def test_async(redis_url: str) -> None:
    cache: AsyncRedisCache[str] = AsyncRedisCache(redis_url, ttl_ms=1000)
    await cache.set(("a", None, None), "v")
    assert await cache.get(("a", None, None)) == "v"
    assert RedisCache(redis_url).get(("a", None, None)) == "v"
