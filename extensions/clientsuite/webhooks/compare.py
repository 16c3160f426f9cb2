"""Constant-time comparison and HMAC helpers: never compare signatures with ``==``."""

from __future__ import annotations

import hashlib
import hmac


def _bytes(value: str | bytes) -> bytes | None:
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    return None


def constant_time_equals(a: str | bytes, b: str | bytes) -> bool:
    """Whether ``a`` equals ``b``, in time independent of where they differ; never raises."""
    left, right = _bytes(a), _bytes(b)
    if left is None or right is None:
        return False
    return hmac.compare_digest(left, right)


def as_bytes(value: object, name: str) -> bytes:
    """``value`` as bytes for hashing; text is UTF-8 (a lone surrogate is kept, never an error)."""
    result = _bytes(value) if isinstance(value, str | bytes) else None
    if isinstance(value, bytearray | memoryview):
        result = bytes(value)
    if result is None:
        raise TypeError(f"{name} must be str or bytes, not {type(value).__name__}")
    return result


def hmac_sha256_hex(secret: str | bytes, message: str | bytes) -> str:
    key = as_bytes(secret, "secret")
    data = as_bytes(message, "message")
    return hmac.new(key, data, hashlib.sha256).hexdigest()
