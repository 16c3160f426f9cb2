"""Keep an OAuth flow's secrets out of httpx's log lines.

httpx logs every request URL at INFO level. In ``QUERY`` mode a token request's URL carries the
client secret, the authorization code, the PKCE verifier or the refresh token; clientsuite's own
filter redacts secret-looking names, and this one adds the flow's ``code`` and ``code_verifier``.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx

from clientsuite.redaction import REDACTED, is_secret_name, redact_url

_FLOW_PARAMS = frozenset({"code", "code_verifier", "client_secret", "refresh_token", "access_token"})
_LOGGERS = ("httpx", "httpx_retries", "httpx_retries.retry", "httpx_retries.transport")


def redact_flow_url(url: httpx.URL | str) -> str:
    """The URL with every OAuth flow secret in its query (and any userinfo) replaced."""
    parsed = httpx.URL(redact_url(url))
    if not parsed.query:
        return str(parsed)
    params = [
        (k, REDACTED if k in _FLOW_PARAMS or is_secret_name(k) else v) for k, v in parsed.params.multi_items()
    ]
    return str(parsed.copy_with(params=params))


def _clean(value: Any) -> Any:
    if isinstance(value, httpx.URL):
        return redact_flow_url(value)
    if isinstance(value, httpx.Request):
        return f"<Request({value.method!r}, {redact_flow_url(value.url)!r})>"
    if isinstance(value, str) and "://" in value and "?" in value:
        try:
            return redact_flow_url(value)
        except (httpx.InvalidURL, ValueError):
            return value
    return value


class FlowRedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_clean(arg) for arg in record.args)
        elif isinstance(record.msg, str) and "://" in record.msg:
            record.msg = _clean(record.msg)
        return True


_FILTER = FlowRedactingFilter()


def install_flow_redaction() -> None:
    """Idempotent: attach the filter to every logger that may print a token request's URL."""
    for name in _LOGGERS:
        log = logging.getLogger(name)
        if _FILTER not in log.filters:
            log.addFilter(_FILTER)
