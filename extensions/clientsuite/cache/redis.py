"""``RedisCache``: a cache shared by every process and machine that points at the same Redis.

Values are stored as JSON under ``prefix + key_text(key)`` with a millisecond time to live; a
``codec`` turns the cached objects into JSON-able data and back.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

from clientsuite.cache.protocol import key_text
from clientsuite.runtime.extras import missing_extra

T = TypeVar("T")

DEFAULT_PREFIX = "clientsuite:cache:"


def _identity(value: Any) -> Any:
    return value


class _RedisBase(Generic[T]):
    remote = True  # a shared cache behind a network connection: offline clients skip it

    def __init__(
        self,
        redis_client_or_url: Any,
        ttl_ms: int = 5000,
        prefix: str = DEFAULT_PREFIX,
        *,
        encode: Callable[[T], Any] = _identity,
        decode: Callable[[Any], T] = _identity,
    ) -> None:
        if ttl_ms <= 0:
            raise ValueError("ttl_ms must be > 0")
        self.ttl_ms = ttl_ms
        self.prefix = prefix
        self._encode, self._decode = encode, decode
        self._redis = self._connect(redis_client_or_url)

    def _connect(self, client_or_url: Any) -> Any:
        raise NotImplementedError

    def _key(self, key: Hashable) -> str:
        return self.prefix + key_text(key)

    def _load(self, raw: bytes | str | None) -> T | None:
        return None if raw is None else self._decode(json.loads(raw))

    def _dump(self, value: T) -> str:
        return json.dumps(self._encode(value), separators=(",", ":"))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(prefix={self.prefix!r}, ttl_ms={self.ttl_ms})"


class RedisCache(_RedisBase[T]):
    def _connect(self, client_or_url: Any) -> Any:
        if isinstance(client_or_url, str):
            try:
                import redis
            except ImportError as error:
                raise missing_extra(error, "RedisCache") from error

            return redis.Redis.from_url(client_or_url)
        return client_or_url

    def get(self, key: Hashable) -> T | None:
        return self._load(self._redis.get(self._key(key)))

    def set(self, key: Hashable, value: T) -> None:
        self._redis.set(self._key(key), self._dump(value), px=self.ttl_ms)


class AsyncRedisCache(_RedisBase[T]):
    """:class:`RedisCache` on ``redis.asyncio``, for the async clients."""

    def _connect(self, client_or_url: Any) -> Any:
        if isinstance(client_or_url, str):
            try:
                import redis.asyncio
            except ImportError as error:
                raise missing_extra(error, "AsyncRedisCache") from error

            return redis.asyncio.Redis.from_url(client_or_url)
        return client_or_url

    async def get(self, key: Hashable) -> T | None:
        return self._load(await self._redis.get(self._key(key)))

    async def set(self, key: Hashable, value: T) -> None:
        await self._redis.set(self._key(key), self._dump(value), px=self.ttl_ms)
