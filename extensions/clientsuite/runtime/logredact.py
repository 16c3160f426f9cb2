"""Redact secrets from the log lines of httpx and httpx-retries, which print whole URLs.

httpx logs every request URL at INFO level; for services that sign requests in the query
string (Pusher) that URL carries the signature. A filter on those loggers rewrites the URLs
in each record before any handler formats it.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx

from clientsuite.redaction import redact_url

_LOGGERS = ("httpx", "httpx_retries", "httpx_retries.retry", "httpx_retries.transport")


def _clean(value: Any) -> Any:
    if isinstance(value, httpx.URL):
        return redact_url(value)
    if isinstance(value, httpx.Request):
        return f"<Request({value.method!r}, {redact_url(value.url)!r})>"
    if isinstance(value, httpx.Response):
        return f"<Response [{value.status_code}]>"
    return value


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_clean(arg) for arg in record.args)
        return True


_FILTER = RedactingFilter()


def install_log_redaction() -> None:
    """Idempotent: attach the filter once to each logger that may print request URLs."""
    for name in _LOGGERS:
        log = logging.getLogger(name)
        if _FILTER not in log.filters:
            log.addFilter(_FILTER)
