"""Call a generated operation and turn a body that does not fit its model into a typed error.

Generated ``from_dict`` code raises ``KeyError``/``TypeError``/``ValueError`` on a malformed body;
callers get :class:`~clientsuite.errors.ResponseValidationError` with the operation and raw body.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from clientsuite.runtime.lazy import LazyAttribute
from clientsuite.runtime.options import RequestOptions, as_options, scoped

if TYPE_CHECKING:
    from clientsuite.errors import ResponseValidationError
    from clientsuite.runtime.transport import last_response
else:  # the transport loads with the first client; each read after that is a dict lookup
    last_response = LazyAttribute("clientsuite.runtime.transport", "last_response")

T = TypeVar("T")
M = TypeVar("M")
_PARSE_ERRORS = (KeyError, TypeError, ValueError, AttributeError)


def _reason(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"missing field {exc.args[0]!r}" if exc.args else "missing field"
    if _is_mismatch(exc):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def _is_mismatch(exc: Exception) -> bool:
    """A generated package's ``types.SchemaMismatch``: each package has its own class."""
    return type(exc).__name__ == "SchemaMismatch" and hasattr(exc, "field_path")


def _error(operation: str, body: bytes, exc: Exception) -> ResponseValidationError:
    from clientsuite.errors import ResponseValidationError  # the error path only

    if not _is_mismatch(exc):
        return ResponseValidationError(operation, body, _reason(exc))
    where: Any = exc
    return ResponseValidationError(
        operation,
        body,
        _reason(exc),
        field_path=where.field_path,
        expected=where.expected,
        actual=where.actual,
    )


Options = RequestOptions | Mapping[str, Any] | None
_SPENT = httpx.ByteStream(b"")


def _release(response: httpx.Response | None) -> None:
    """Free a read response by reference counting, not the cyclic GC.

    httpx's client wraps each response's stream in one that refers back to the response: a cycle
    only the cyclic collector frees, and ~40 objects a call (hundreds with 32 in flight) make it run
    often. Once the body is read and closed, the stream is never used again (``content`` is kept).
    """
    if response is not None and response.is_closed and response.is_stream_consumed:
        response.stream = _SPENT


def call(operation: str, fn: Callable[..., T], /, options: Options = None, **kwargs: Any) -> T:
    """Run ``fn(**kwargs)`` (a generated ``sync``), mapping parse failures to a typed error."""
    token = last_response.set(None)
    try:
        with scoped(as_options(options)):
            return fn(**kwargs)
    except _PARSE_ERRORS as exc:
        response = last_response.get()
        if response is None:
            raise
        raise _error(operation, response.content, exc) from exc
    finally:
        _release(last_response.get())
        last_response.reset(token)


async def acall(
    operation: str, fn: Callable[..., Awaitable[T]], /, options: Options = None, **kwargs: Any
) -> T:
    """The async twin of :func:`call`, for a generated ``asyncio``."""
    token = last_response.set(None)
    try:
        with scoped(as_options(options)):
            return await fn(**kwargs)
    except _PARSE_ERRORS as exc:
        response = last_response.get()
        if response is None:
            raise
        raise _error(operation, response.content, exc) from exc
    finally:
        _release(last_response.get())
        last_response.reset(token)


def expect(operation: str, result: object, model: type[M]) -> M:
    """Narrow a generated result union to the success model, or raise a typed error."""
    if isinstance(result, model):
        return result
    response = last_response.get()
    body = response.content if response is not None else b""
    from clientsuite.errors import ResponseValidationError  # the error path only

    raise ResponseValidationError(operation, body, f"expected {model.__name__}, got {type(result).__name__}")
