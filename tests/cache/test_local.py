from __future__ import annotations

import threading

import pytest
from clientsuite.cache import LocalCache, key_text


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_ttl_expiry() -> None:
    clock = Clock()
    cache: LocalCache[str] = LocalCache(max_size=10, ttl_ms=500, clock=clock)
    cache.set("a", "x")
    clock.now += 0.499
    assert cache.get("a") == "x"
    clock.now += 0.002
    assert cache.get("a") is None
    assert len(cache) == 0


def test_lru_eviction_order() -> None:
    cache: LocalCache[int] = LocalCache(max_size=3, ttl_ms=10_000)
    for n, key in enumerate("abc"):
        cache.set(key, n)
    assert cache.get("a") == 0  # a is now the most recently used
    cache.set("d", 3)  # evicts b, the least recently used
    assert cache.get("b") is None
    assert [cache.get(k) for k in "acd"] == [0, 2, 3]


def test_zero_size_disables() -> None:
    cache: LocalCache[int] = LocalCache(max_size=0)
    cache.set("a", 1)
    assert cache.get("a") is None


def test_invalid_settings() -> None:
    with pytest.raises(ValueError):
        LocalCache(max_size=-1)


def test_concurrent_reads_and_writes() -> None:
    cache: LocalCache[int] = LocalCache(max_size=50, ttl_ms=60_000)
    errors: list[BaseException] = []

    def worker(offset: int) -> None:
        try:
            for n in range(5000):
                key = (n + offset) % 80
                cache.set(key, key)
                value = cache.get((key * 7) % 80)
                assert value is None or value == (key * 7) % 80
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(cache) <= 50


def test_key_text_is_order_independent() -> None:
    first = ("flag", frozenset({("a", "1"), ("b", "2")}), None)
    second = ("flag", frozenset({("b", "2"), ("a", "1")}), None)
    assert key_text(first) == key_text(second) == "flag:a:1;b:2:-"
