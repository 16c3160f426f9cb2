"""Deadlines: one monotonic point in time that bounds a whole call, or a whole helper.

A call's deadline bounds all its attempts and the back-off between them; an attempt's ``timeout``
is cut to what remains. Helpers that wait (polling, shutdown flushes) open a :func:`deadline`
block: every suite request inside it, sync or async, in this thread or task, ends by then.
Blocks nest; the earliest deadline wins.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from contextvars import ContextVar

from clientsuite.errors import DeadlineExceededError

_current: ContextVar[float | None] = ContextVar("clientsuite_deadline", default=None)


def current_deadline() -> float | None:
    """The ``time.monotonic()`` value by which the current block must end, if any."""
    return _current.get()


def remaining(default: float | None = None) -> float | None:
    """Seconds left in the current :func:`deadline` block (never negative), else ``default``."""
    end = _current.get()
    if end is None:
        return default
    return max(0.0, end - time.monotonic())


def earliest(*ends: float | None) -> float | None:
    known = [end for end in ends if end is not None]
    return min(known) if known else None


@contextlib.contextmanager
def deadline(seconds: float | None) -> Iterator[float | None]:
    """Bound every suite request made in the block to ``seconds`` from now (``None``: no bound).

    Yields the absolute monotonic deadline. Requests that would start after it raise
    :class:`~clientsuite.errors.DeadlineExceededError`; one in flight is cut at it.
    """
    if seconds is not None and (isinstance(seconds, bool) or not seconds >= 0):
        raise ValueError("deadline seconds must be a number >= 0")
    end = None if seconds is None else time.monotonic() + seconds
    chosen = earliest(end, _current.get())
    token = _current.set(chosen)
    try:
        yield chosen
    finally:
        _current.reset(token)


def check(end: float | None, where: str) -> float | None:
    """Seconds left before ``end``; raises :class:`DeadlineExceededError` once it has passed."""
    if end is None:
        return None
    left = end - time.monotonic()
    if left <= 0:
        raise DeadlineExceededError(
            f"{where} timed out: the deadline passed before it could start", request_sent=False
        )
    return left
