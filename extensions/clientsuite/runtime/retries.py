"""Retry policy on top of httpx-retries: backoff with jitter and a cap, Retry-After(-Ms), idempotency.

A request that the server may already have processed (a non-idempotent POST/PATCH that got a 5xx
or timed out while reading) is retried only when its operation is marked idempotent in the spec.
Failures that prove the request was not processed (connect errors, 408, 429, 503) are always retried.
The loop itself lives in :mod:`clientsuite.runtime.transport`, which uses only ``Retry``'s public
methods, so that the call's deadline can cut a back-off short.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

import attrs
import httpx
from httpx_retries import Retry

# 408, 429 and 503 mean the server did not act on the request; other 5xx may mean it did.
ALWAYS_RETRYABLE_STATUS = frozenset({408, 429, 503})
IDEMPOTENT_RETRYABLE_STATUS = ALWAYS_RETRYABLE_STATUS | frozenset({500, 502, 503, 504})
# Errors raised before the request left the machine.
NOT_SENT_ERRORS: tuple[type[Exception], ...] = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
ANY_TRANSPORT_ERRORS: tuple[type[Exception], ...] = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
)


class SuiteRetry(Retry):
    """httpx-retries' ``Retry`` that also honours ``Retry-After-Ms``, the milliseconds variant."""

    def increment(self) -> SuiteRetry:
        advanced = super().increment()
        assert isinstance(advanced, SuiteRetry)  # copy_with builds self.__class__
        return advanced

    def delay(self, headers: httpx.Headers | Mapping[str, str]) -> float:
        """Seconds to wait before the next attempt: ``Retry-After-Ms``, ``Retry-After``, else back-off."""
        if self.respect_retry_after_header:
            raw = headers.get("Retry-After-Ms", "").strip()
            try:
                millis = float(raw) if raw else -1.0
            except ValueError:
                millis = -1.0
            if millis >= 0 and millis == millis:  # not NaN
                return min(millis / 1000.0, self.max_backoff_wait)
            after = headers.get("Retry-After", "").strip()
            if after:
                try:
                    seconds = self.parse_retry_after(after)
                except (ValueError, OverflowError):
                    seconds = 0.0
                if seconds > 0:
                    return min(seconds, self.max_backoff_wait)
        return self.backoff_strategy() if self.attempts_made > 0 else 0.0


@attrs.frozen
class RetryConfig:
    """How a client retries. ``max_retries`` is the number of attempts after the first."""

    max_retries: int = 2
    backoff_factor: float = 0.25
    max_backoff: float = 30.0
    jitter: float = 0.5

    def for_request(self, method: str, idempotent: bool, max_retries: int | None = None) -> SuiteRetry:
        """The retry state for one request (the override comes from per-request options).

        httpx-retries copies the state on every attempt, so one instance per kind of request is
        shared safely; caching it keeps the per-call overhead small.
        """
        return _retry_for(self, method, idempotent, max_retries)

    def _build(self, method: str, idempotent: bool, max_retries: int | None) -> SuiteRetry:
        statuses = IDEMPOTENT_RETRYABLE_STATUS if idempotent else ALWAYS_RETRYABLE_STATUS
        errors = ANY_TRANSPORT_ERRORS if idempotent else NOT_SENT_ERRORS
        return SuiteRetry(
            total=self.max_retries if max_retries is None else max_retries,
            allowed_methods=[method],
            status_forcelist=statuses,
            retry_on_exceptions=errors,
            backoff_factor=self.backoff_factor,
            max_backoff_wait=self.max_backoff,
            backoff_jitter=self.jitter,
        )


@functools.lru_cache(maxsize=256)
def _retry_for(config: RetryConfig, method: str, idempotent: bool, max_retries: int | None) -> SuiteRetry:
    return config._build(method, idempotent, max_retries)
