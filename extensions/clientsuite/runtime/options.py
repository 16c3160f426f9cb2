"""Per-request options (``max_retries``, ``timeout_in_seconds``, ``deadline_in_seconds``).

Generated operations take no such arguments, so facades set them for the duration of one call
in a context variable, which works the same in threads and in asyncio tasks.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from typing import Any

import attrs


@attrs.frozen
class RequestOptions:
    """Overrides for one call; ``None`` keeps the client's setting."""

    max_retries: int | None = attrs.field(default=None)
    timeout_in_seconds: float | None = attrs.field(default=None)
    # Bounds all attempts and back-off of the call together (see runtime/deadlines.py).
    deadline_in_seconds: float | None = attrs.field(default=None)

    @max_retries.validator
    def _check_retries(self, _attribute: object, value: int | None) -> None:
        if value is not None and value < 0:
            raise ValueError("max_retries must be >= 0")

    @timeout_in_seconds.validator
    def _check_timeout(self, _attribute: object, value: float | None) -> None:
        if value is not None and value <= 0:
            raise ValueError("timeout_in_seconds must be > 0")

    @deadline_in_seconds.validator
    def _check_deadline(self, _attribute: object, value: float | None) -> None:
        if value is not None and not value > 0:
            raise ValueError("deadline_in_seconds must be > 0")


def as_options(value: RequestOptions | Mapping[str, Any] | None) -> RequestOptions | None:
    """Accept ``RequestOptions`` or the plain dict the official SDKs take (``{"max_retries": 1}``)."""
    if value is None or isinstance(value, RequestOptions):
        return value
    unknown = set(value) - {"max_retries", "timeout_in_seconds", "deadline_in_seconds"}
    if unknown:
        raise TypeError(f"unknown request options: {', '.join(sorted(unknown))}")
    return RequestOptions(**value)


_current: ContextVar[RequestOptions | None] = ContextVar("clientsuite_request_options", default=None)


def current_options() -> RequestOptions | None:
    return _current.get()


class scoped:
    """Set the options for the block; a plain class because this runs on every call."""

    __slots__ = ("_options", "_token")

    def __init__(self, options: RequestOptions | None) -> None:
        self._options = options

    def __enter__(self) -> None:
        self._token = _current.set(self._options)

    def __exit__(self, *exc: object) -> None:
        _current.reset(self._token)


@contextlib.contextmanager
def request_options(
    options: RequestOptions | None = None,
    *,
    max_retries: int | None = None,
    timeout_in_seconds: float | None = None,
    deadline_in_seconds: float | None = None,
) -> Iterator[RequestOptions]:
    """Apply options to every request made inside the ``with`` block (each request's own deadline)."""
    chosen = options or RequestOptions(
        max_retries=max_retries,
        timeout_in_seconds=timeout_in_seconds,
        deadline_in_seconds=deadline_in_seconds,
    )
    token = _current.set(chosen)
    try:
        yield chosen
    finally:
        _current.reset(token)
