from __future__ import annotations

import pytest
from clientsuite.errors import ResponseValidationError
from clientsuite.runtime import apaginate, paginate

PAGES = {None: (["a", "b"], "p2"), "p2": (["c"], "p3"), "p3": (["d"], None)}


def test_walks_every_page_lazily() -> None:
    fetched: list[str | None] = []

    def fetch(cursor: str | None) -> tuple[list[str], str | None]:
        fetched.append(cursor)
        return PAGES[cursor]

    items = paginate(fetch, lambda page: page[0], lambda page: page[1])
    assert next(items) == "a"
    assert fetched == [None]
    assert list(items) == ["b", "c", "d"]
    assert fetched == [None, "p2", "p3"]


def test_repeated_cursor_is_an_error() -> None:
    with pytest.raises(ResponseValidationError, match="repeated"):
        list(paginate(lambda c: (["x"], "same"), lambda p: p[0], lambda p: p[1], operation="list_x"))


def test_start_cursor() -> None:
    assert list(paginate(lambda c: PAGES[c], lambda p: p[0], lambda p: p[1], start="p2")) == ["c", "d"]


async def test_async_pages() -> None:
    async def fetch(cursor: str | None) -> tuple[list[str], str | None]:
        return PAGES[cursor]

    assert [item async for item in apaginate(fetch, lambda p: p[0], lambda p: p[1])] == ["a", "b", "c", "d"]
