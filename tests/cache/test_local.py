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


def test_repeated_reads_keep_the_key_most_recent_after_writes() -> None:
    cache: LocalCache[int] = LocalCache(max_size=3, ttl_ms=10_000)
    for n, key in enumerate("abc"):
        cache.set(key, n)
    assert cache.get("a") == 0 and cache.get("a") == 0  # order b c a
    cache.set("d", 3)  # evicts b: order c a d
    assert cache.get("a") == 0  # read last before the write, yet it must move again: c d a
    assert cache.get("c") == 2  # d a c
    cache.set("e", 4)  # evicts d, the least recently used (not a)
    assert cache.get("d") is None
    assert [cache.get(k) for k in "ace"] == [0, 2, 4]


def test_equal_keys_are_one_entry_and_a_read_of_an_equal_key_moves_it() -> None:
    cache: LocalCache[int] = LocalCache(max_size=2, ttl_ms=10_000)
    cache.set(("f", frozenset({("a", "1"), ("b", "2")})), 1)
    cache.set("other", 2)
    assert cache.get(("f", frozenset({("b", "2"), ("a", "1")}))) == 1  # equal, not the same object
    cache.set("third", 3)  # evicts "other"
    assert cache.get("other") is None
    assert cache.get(("f", frozenset({("a", "1"), ("b", "2")}))) == 1


def test_a_read_of_an_expired_entry_keeps_a_value_written_meanwhile() -> None:
    cache: LocalCache[str] = LocalCache(max_size=10, ttl_ms=500)
    now = [100.0]
    writes = []

    def clock() -> float:  # the read asks the time after finding the old entry: write then
        if len(writes) == 1 and now[0] > 101:
            writes.append("racing")
            cache.set("a", "fresh")
        return now[0]

    cache._clock = clock
    cache.set("a", "old")
    writes.append("old")
    now[0] += 5
    assert cache.get("a") is None  # the old entry it found had expired
    assert writes == ["old", "racing"]
    assert cache.get("a") == "fresh"  # the expired read dropped nothing but the expired entry


def test_none_is_a_key_like_any_other() -> None:
    cache: LocalCache[int] = LocalCache(max_size=2, ttl_ms=10_000)
    cache.set(None, 0)
    cache.set("b", 1)
    assert cache.get(None) == 0 and cache.get(None) == 0
    cache.set("c", 2)  # evicts b: None was read after it
    assert cache.get("b") is None and cache.get(None) == 0


def test_clear_forgets_everything() -> None:
    cache: LocalCache[int] = LocalCache(max_size=2, ttl_ms=10_000)
    cache.set("a", 1)
    assert cache.get("a") == 1
    cache.clear()
    assert cache.get("a") is None and len(cache) == 0
    cache.set("a", 2)
    cache.set("b", 3)
    assert cache.get("a") == 2
    cache.set("c", 4)  # evicts b
    assert cache.get("b") is None and cache.get("a") == 2


@pytest.mark.parametrize("run", range(3))
def test_lru_order_is_exact_after_concurrent_readers_and_writers(run: int) -> None:
    cache: LocalCache[int] = LocalCache(max_size=40, ttl_ms=60_000)
    for key in range(40):
        cache.set(key, key)
    errors: list[BaseException] = []
    start = threading.Barrier(6)

    def reader(offset: int) -> None:
        try:
            start.wait()
            for n in range(20_000):
                key = (n // 3 + offset) % 60  # runs of the same key, then the next
                value = cache.get(key)
                assert value is None or value == key
        except BaseException as error:
            errors.append(error)

    def writer(offset: int) -> None:
        try:
            start.wait()
            for n in range(3000):
                cache.set((n * 7 + offset) % 60, (n * 7 + offset) % 60)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=reader, args=(i * 11,)) for i in range(4)]
    threads += [threading.Thread(target=writer, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(cache) <= 40
    # Whatever the threads left behind, the key a read skips moving is the one at the end ...
    recent = cache._recent
    assert recent not in cache._entries or next(reversed(cache._entries)) == recent
    # ... so a read now makes any key the most recent: it survives max_size - 1 new keys.
    key = next(k for k in range(60) if cache.get(k) is not None)
    assert cache.get(key) == key
    for new in range(39):
        cache.set(("new", new), new)
    assert cache.get(key) == key
