"""The raw body and headers of an incoming webhook, from whichever web framework received it.

Signatures cover the bytes exactly as sent, so verifiers must never see a re-serialised body.
Frameworks are recognised by shape, never imported: Flask/Werkzeug, Django, Starlette/FastAPI,
a ``(body, headers)`` pair or a ``{"body": ..., "headers": ...}`` mapping.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from typing import Any

import attrs
import httpx


def _body(value: object) -> bytes:
    if isinstance(value, bytes):
        return value
    if isinstance(value, bytearray | memoryview):
        return bytes(value)
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")  # a lone surrogate cannot match any signature
    raise TypeError(f"a webhook body must be bytes or str, not {type(value).__name__}")


def _raw(value: object) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode("utf-8", "surrogatepass")


def _headers(value: object) -> httpx.Headers:
    if isinstance(value, httpx.Headers):
        return value
    if isinstance(value, Mapping) or hasattr(value, "items"):
        # As bytes, so that any text a caller hands over (even non-ASCII) is kept, never refused.
        return httpx.Headers({_raw(k): _raw(v) for k, v in value.items()})
    raise TypeError(f"webhook headers must be a mapping, not {type(value).__name__}")


@attrs.frozen
class RawRequest:
    """A webhook as received: the exact body bytes and case-insensitive headers."""

    body: bytes = attrs.field(converter=_body)
    headers: httpx.Headers = attrs.field(converter=_headers)

    def __repr__(self) -> str:
        return f"RawRequest(body=<{len(self.body)} bytes>, headers=<{len(self.headers)} headers>)"


def _is_starlette(request: object) -> bool:
    return (
        hasattr(request, "scope")
        and hasattr(request, "receive")
        and inspect.iscoroutinefunction(getattr(request, "body", None))
    )


def _plain(request: object) -> RawRequest | None:
    if isinstance(request, RawRequest):
        return request
    if isinstance(request, tuple) and len(request) == 2:
        return RawRequest(request[0], request[1])
    if isinstance(request, Mapping) and "body" in request and "headers" in request:
        return RawRequest(request["body"], request["headers"])
    return None


def extract(request: Any) -> RawRequest:
    """Raw body and headers of a Flask/Werkzeug or Django request, or of a plain pair or mapping."""
    plain = _plain(request)
    if plain is not None:
        return plain
    if _is_starlette(request):
        cached = getattr(request, "_body", None)
        if cached is None:
            raise TypeError("a Starlette/FastAPI request body must be awaited: use `await aextract(request)`")
        return RawRequest(cached, request.headers)
    if hasattr(request, "META") and hasattr(request, "body"):  # Django HttpRequest
        return RawRequest(request.body, request.headers)
    if callable(getattr(request, "get_data", None)) and hasattr(request, "headers"):  # Werkzeug / Flask
        raw = RawRequest(request.get_data(cache=True), request.headers)
        if not raw.body and int(raw.headers.get("content-length") or 0) > 0:
            raise ValueError(
                "the request body was consumed (e.g. by request.form) before it was read raw: "
                "verify the webhook before touching request.form or request.json"
            )
        return raw
    raise TypeError(f"cannot read a webhook from a {type(request).__name__}: pass (body, headers) instead")


async def aextract(request: Any) -> RawRequest:
    """:func:`extract`, also for Starlette/FastAPI requests whose body must be awaited."""
    if _is_starlette(request):
        return RawRequest(await request.body(), request.headers)
    return extract(request)
