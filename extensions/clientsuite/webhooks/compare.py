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


def hmac_sha256_hex(secret: str | bytes, message: str | bytes) -> str:
    key = secret.encode() if isinstance(secret, str) else secret
    data = message.encode() if isinstance(message, str) else message
    return hmac.new(key, data, hashlib.sha256).hexdigest()
