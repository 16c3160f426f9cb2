"""Lazy iteration over cursor-paginated list operations, sync and async.

A page is fetched only when the caller has consumed the previous one. A server that hands back
a cursor it already gave is reported instead of looping forever.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from typing import TypeVar

from clientsuite.errors import ResponseValidationError

P = TypeVar("P")
T = TypeVar("T")


def _check_cursor(seen: set[str], cursor: str | None, operation: str) -> None:
    if cursor is not None and cursor in seen:
        raise ResponseValidationError(operation, b"", f"the server repeated page cursor {cursor[:16]!r}")
    if cursor is not None:
        seen.add(cursor)


def paginate(
    fetch: Callable[[str | None], P],
    items: Callable[[P], Iterable[T]],
    next_cursor: Callable[[P], str | None],
    *,
    operation: str = "list",
    start: str | None = None,
) -> Iterator[T]:
    """Yield every item of every page, starting from ``start`` (``None``: the first page)."""
    seen: set[str] = set()
    cursor = start
    while True:
        page = fetch(cursor)
        yield from items(page)
        cursor = next_cursor(page) or None
        if cursor is None:
            return
        _check_cursor(seen, cursor, operation)


async def apaginate(
    fetch: Callable[[str | None], Awaitable[P]],
    items: Callable[[P], Iterable[T]],
    next_cursor: Callable[[P], str | None],
    *,
    operation: str = "list",
    start: str | None = None,
) -> AsyncIterator[T]:
    """The async twin of :func:`paginate`."""
    seen: set[str] = set()
    cursor = start
    while True:
        page = await fetch(cursor)
        for item in items(page):
            yield item
        cursor = next_cursor(page) or None
        if cursor is None:
            return
        _check_cursor(seen, cursor, operation)
