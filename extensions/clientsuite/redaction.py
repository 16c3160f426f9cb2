"""Keep secrets out of logs, exceptions and reprs.

A header or query parameter whose name looks secret is replaced by ``[redacted]`` before any
text that could reach a log line or a traceback is built.
"""

from __future__ import annotations

import functools
import json
import logging
import re
from collections.abc import Mapping
from typing import Any, NoReturn

import httpx

REDACTED = "[redacted]"

_SECRET_WORDS = (
    r"authori[sz]ation|api[-_]?key|secret|signature|token|password|cookie|x-pusher-key|auth_key|"
    r"credential|session|private|master"
)


# The patterns are compiled at their first use, not at ``import clientsuite`` (~1 ms of every import).
@functools.cache
def _secret_name() -> re.Pattern[str]:
    return re.compile(f"({_SECRET_WORDS})", re.IGNORECASE)


@functools.cache
def _secret_pair() -> re.Pattern[str]:
    """``name=value`` pairs in free text (an exception message quoting a URL) whose name looks secret."""
    return re.compile(
        rf"(?P<name>[A-Za-z0-9_.-]*(?:{_SECRET_WORDS})[A-Za-z0-9_.-]*)=(?P<value>[^&\s'\"<>]+)",
        re.IGNORECASE,
    )


def is_secret_name(name: str) -> bool:
    """Whether a header or parameter name usually carries a secret."""
    return bool(_secret_name().search(name))


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


def scrub_text(text: str, *secrets: str | bytes | None) -> str:
    """``text`` with secret-looking ``name=value`` pairs and the given secret values redacted.

    For messages built by libraries (httpx, aiohttp, h11) that quote URLs or header values.
    """
    text = _secret_pair().sub(lambda m: f"{m.group('name')}={REDACTED}", text)
    for secret in secrets:
        if isinstance(secret, bytes):
            secret = secret.decode("utf-8", "replace")
        if secret and len(secret) >= 4:
            text = text.replace(secret, REDACTED).replace(repr(secret)[1:-1], REDACTED)
    return text


class Secret:
    """A string that never shows itself in ``repr``, ``str``, ``vars()`` or a pickle.

    Facades keep API keys in a ``Secret`` so that printing a client, or a traceback that
    captures locals, never leaks them. Call :meth:`reveal` where the raw value is needed.
    Pickling refuses with a ``TypeError``: a pickle is a file, and credentials do not belong in one.
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __reduce__(self) -> NoReturn:
        raise TypeError("a clientsuite Secret cannot be pickled: rebuild the client from its credentials")

    def __copy__(self) -> Secret:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Secret:
        return self

    def __repr__(self) -> str:
        return "Secret('[redacted]')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)


class SecretBytes(Secret):
    """Key material (an encryption master key) with the same guarantees as :class:`Secret`."""

    __slots__ = ("_key",)

    def __init__(self, value: bytes) -> None:
        super().__init__("")
        self._key = value

    def reveal_bytes(self) -> bytes:
        return self._key

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SecretBytes) and other._key == self._key

    def __hash__(self) -> int:
        return hash(self._key)

    def __bool__(self) -> bool:
        return bool(self._key)


def check_secret(value: object, name: str, *, allow_empty: bool = False) -> str:
    """``value`` when it is usable as a credential; else an error naming ``name``, never the value.

    Refuses control characters (a pasted ``"KEY\\n"``) and surrounding whitespace, which would
    otherwise surface later in a header error that quotes the key.
    """
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError(f"{name} is not UTF-8 text") from None
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, not {type(value).__name__}")
    if not value and not allow_empty:
        raise ValueError(f"{name} is empty")
    if value != value.strip():
        raise ValueError(f"{name} has leading or trailing whitespace (check how it was copied)")
    if any(ord(c) < 0x20 or ord(c) == 0x7F or 0xD800 <= ord(c) <= 0xDFFF for c in value):
        raise ValueError(f"{name} contains control characters (check how it was copied)")
    return value


# Loggers that print request URLs or headers. A logger's filters see only records logged on that
# very logger (not its children's), so each one is named.
_LOGGERS = (
    "httpx",
    "httpx_retries",
    "httpx_retries.retry",
    "httpx_retries.transport",
    "httpcore",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "aiohttp.client",
)


def _clean(value: Any) -> Any:
    if isinstance(value, httpx.URL):
        return redact_url(value)
    if isinstance(value, httpx.Request):
        return f"<Request({value.method!r}, {redact_url(value.url)!r})>"
    if isinstance(value, httpx.Response):
        return f"<Response [{value.status_code}]>"
    if isinstance(value, str | bytes) and b"=" in (value if isinstance(value, bytes) else value.encode()):
        return scrub_text(value.decode("latin-1") if isinstance(value, bytes) else value)
    return value


class RedactingFilter(logging.Filter):
    """Rewrites URLs and ``secret=value`` pairs in a record before any handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_clean(arg) for arg in record.args)
        elif isinstance(record.args, Mapping):
            record.args = {key: _clean(arg) for key, arg in record.args.items()}
        if isinstance(record.msg, str):
            record.msg = scrub_text(record.msg)
        return True


_FILTER = RedactingFilter()


def install_log_redaction() -> None:
    """Idempotent: attach the filter once to each logger that may print request URLs."""
    for name in _LOGGERS:
        log = logging.getLogger(name)
        if _FILTER not in log.filters:
            log.addFilter(_FILTER)
