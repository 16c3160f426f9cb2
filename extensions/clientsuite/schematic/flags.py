"""Flag checks that answer from the cache, then the API, then the configured defaults.

The cache key is ``(flag, company keys, user keys)`` with each key set frozen, so equal key sets
give equal cache keys in any order; building it costs two ``frozenset`` calls, which keeps a cached
check under a microsecond.
"""

from __future__ import annotations

import inspect
import json
import logging
from collections.abc import Mapping
from typing import Any

logger = logging.getLogger("clientsuite.schematic")

FlagKey = tuple[str, frozenset[Any] | None, frozenset[Any] | None]


def _frozen(keys: Mapping[str, Any] | None) -> frozenset[Any] | None:
    if not keys:
        return None
    try:
        return frozenset(keys.items())
    except TypeError:  # an unhashable value: fall back to its JSON text
        return frozenset((k, json.dumps(v, sort_keys=True)) for k, v in keys.items())


def flag_key(flag: str, company: Mapping[str, Any] | None, user: Mapping[str, Any] | None) -> FlagKey:
    return (flag, _frozen(company), _frozen(user))


def check_arguments(flag: object, company: object, user: object) -> None:
    """Programming errors are raised at once; only service failures fall back to defaults."""
    if not isinstance(flag, str) or not flag:
        raise TypeError("flag_key must be a non-empty string")
    for name, keys in (("company", company), ("user", user)):
        if keys is not None and not isinstance(keys, Mapping):
            raise TypeError(f"{name} must be a dict of keys, e.g. {{'id': 'your-{name}-id'}}")


class Outage:
    """Logs once when the API starts failing and once when it recovers, not on every check."""

    def __init__(self) -> None:
        self.failing = False

    def failed(self, error: Exception) -> None:
        if not self.failing:
            self.failing = True
            logger.warning(
                "Schematic flag checks are failing (%s); answering from flag_defaults", type(error).__name__
            )

    def succeeded(self) -> None:
        if self.failing:
            self.failing = False
            logger.info("Schematic flag checks recovered")


def default_result(flag: str, defaults: Mapping[str, bool], reason: str) -> dict[str, Any]:
    return {"flag": flag, "value": bool(defaults.get(flag, False)), "reason": reason}


def is_remote(provider: object) -> bool:
    """Whether a cache provider talks to a server (it declares ``remote = True``, as Redis ones do)."""
    return bool(getattr(provider, "remote", False))


class Caches:
    """The cache providers, consulted in order. A provider that fails is a miss, logged once.

    Offline, only in-process providers are consulted: a shared cache (Redis) is never contacted,
    so an offline client opens no socket at all.
    """

    def __init__(self, providers: list[Any], *, offline: bool = False) -> None:
        self.providers = [p for p in providers if not (offline and is_remote(p))]
        self._failing: set[int] = set()

    def _failed(self, provider: Any, error: Exception) -> None:
        if id(provider) not in self._failing:
            self._failing.add(id(provider))
            logger.warning("cache provider %s failed (%s): treated as a miss", type(provider).__name__, error)

    def get(self, key: FlagKey) -> Any:
        for provider in self.providers:
            try:
                hit = provider.get(key)
            except Exception as error:
                self._failed(provider, error)
                continue
            if hit is not None:
                return hit
        return None

    def set(self, key: FlagKey, value: dict[str, Any]) -> None:
        for provider in self.providers:
            try:
                provider.set(key, value)
            except Exception as error:
                self._failed(provider, error)

    async def aget(self, key: FlagKey) -> Any:
        """:meth:`get` for providers that may be async (``AsyncRedisCache``) or not (``LocalCache``)."""
        for provider in self.providers:
            try:
                hit = provider.get(key)
                if inspect.isawaitable(hit):
                    hit = await hit
            except Exception as error:
                self._failed(provider, error)
                continue
            if hit is not None:
                return hit
        return None

    async def aset(self, key: FlagKey, value: dict[str, Any]) -> None:
        for provider in self.providers:
            try:
                done = provider.set(key, value)
                if inspect.isawaitable(done):
                    await done
            except Exception as error:
                self._failed(provider, error)
