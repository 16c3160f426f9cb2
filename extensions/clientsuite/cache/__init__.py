"""Cache providers: :class:`LocalCache` (in process, LRU + TTL) and :class:`RedisCache` (shared)."""

from clientsuite.cache.local import LocalCache
from clientsuite.cache.protocol import AsyncCacheProvider, CacheProvider, key_text
from clientsuite.cache.redis import AsyncRedisCache, RedisCache

__all__ = ["AsyncCacheProvider", "AsyncRedisCache", "CacheProvider", "LocalCache", "RedisCache", "key_text"]
