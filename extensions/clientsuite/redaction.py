"""Keep secrets out of logs, exceptions and reprs.

A header or query parameter whose name looks secret is replaced by ``[redacted]`` before any
text that could reach a log line or a traceback is built.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

import httpx

REDACTED = "[redacted]"

_SECRET_NAME = re.compile(
    r"(authori[sz]ation|api[-_]?key|secret|signature|token|password|cookie|x-pusher-key|auth_key|"
    r"credential|session|private|master)",
    re.IGNORECASE,
)


def is_secret_name(name: str) -> bool:
    """Whether a header or parameter name usually carries a secret."""
    return bool(_SECRET_NAME.search(name))


def redact_headers(headers: Mapping[str, str] | httpx.Headers) -> dict[str, str]:
    """A copy of ``headers`` with every secret-looking value replaced."""
    items = headers.multi_items() if isinstance(headers, httpx.Headers) else headers.items()
    return {name.lower(): (REDACTED if is_secret_name(name) else value) for name, value in items}


def redact_url(url: httpx.URL | str) -> str:
    """The URL as text, with secret-looking query values and any userinfo replaced."""
    url = httpx.URL(url)
    if url.userinfo:
        url = url.copy_with(username=None, password=None)
    if not url.query:
        return str(url)
    params = [(k, REDACTED if is_secret_name(k) else v) for k, v in url.params.multi_items()]
    return str(url.copy_with(params=params))


def _redact_json(value: object) -> object:
    if isinstance(value, dict):
        return {k: REDACTED if is_secret_name(str(k)) else _redact_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact_json(v) for v in value]
    return value


def redact_json_body(body: bytes) -> bytes:
    """A JSON body with the values of secret-looking fields replaced; other bodies unchanged."""
    try:
        data = json.loads(body)
    except ValueError:
        return body
    redacted = _redact_json(data)
    return body if redacted == data else json.dumps(redacted).encode()


class Secret:
    """A string that never shows itself in ``repr`` or ``str``.

    Facades keep API keys in a ``Secret`` so that printing a client, or a traceback that
    captures locals, never leaks them. Call :meth:`reveal` where the raw value is needed.
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('[redacted]')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)
