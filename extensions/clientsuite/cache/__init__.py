"""Cache providers: :class:`LocalCache` (in process, LRU + TTL) and :class:`RedisCache` (shared).

The Redis providers and the provider protocols load on first use: ``LocalCache`` is the default.
"""

from typing import TYPE_CHECKING

from clientsuite.cache.local import LocalCache

if TYPE_CHECKING:
    from clientsuite.cache.protocol import AsyncCacheProvider, CacheProvider, key_text
    from clientsuite.cache.redis import AsyncRedisCache, RedisCache
else:
    from clientsuite.runtime.lazy import exports

    __getattr__, __dir__ = exports(
        __name__,
        {
            **dict.fromkeys(("AsyncCacheProvider", "CacheProvider", "key_text"), f"{__name__}.protocol"),
            **dict.fromkeys(("AsyncRedisCache", "RedisCache"), f"{__name__}.redis"),
        },
    )

__all__ = ["AsyncCacheProvider", "AsyncRedisCache", "CacheProvider", "LocalCache", "RedisCache", "key_text"]
