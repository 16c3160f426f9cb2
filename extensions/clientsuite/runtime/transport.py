"""The transport stack every suite client sends through.

``SuiteTransport`` runs, per call: the ``before_request`` hooks, then for each attempt the auth
flow (so whatever a hook changed is signed), one bounded attempt (:mod:`.attempt`) and the
``after_response`` hooks (every attempt's response, ``request.extensions["attempt"]`` numbering
them from 1), then the retry decision; finally typed errors and the ``on_error`` hooks. Below it
sits the base transport: httpx's pool, aiohttp's (async), the offline examples, or a user's client.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import time
from collections.abc import Iterator
from contextvars import ContextVar

import attrs
import httpx

from clientsuite.errors import (
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    DeadlineExceededError,
    error_for_response,
)
from clientsuite.redaction import is_secret_name, redact_url, scrub_text
from clientsuite.runtime import attempt as one
from clientsuite.runtime import auth_flow
from clientsuite.runtime.attempt import Classifier, ForeignMapper, Limits
from clientsuite.runtime.deadlines import check, current_deadline, earliest
from clientsuite.runtime.hooks import Hooks
from clientsuite.runtime.options import current_options
from clientsuite.runtime.retries import NOT_SENT_ERRORS, RetryConfig, SuiteRetry
from clientsuite.runtime.routes import Routes

logger = logging.getLogger("clientsuite.http")

# The last successful response of the current call, so that a body which fails to parse
# into its model can be reported with the raw bytes (see clientsuite.runtime.calls).
last_response: ContextVar[httpx.Response | None] = ContextVar("clientsuite_last_response", default=None)

Outcome = httpx.Response | httpx.TransportError


def _secrets_of(request: httpx.Request) -> list[str]:
    values = [v for k, v in request.headers.items() if is_secret_name(k)]
    values += [v for k, v in request.url.params.multi_items() if is_secret_name(k)]
    return values


def _translate(exc: httpx.TransportError, request: httpx.Request) -> ApiConnectionError:
    """A typed error whose message holds no secret and whose chain holds no request."""
    where = f"{request.method} {redact_url(request.url)}"
    sent = not isinstance(exc, NOT_SENT_ERRORS)
    if isinstance(exc, httpx.TimeoutException):
        return ApiTimeoutError(f"{where} timed out ({type(exc).__name__})", request_sent=sent)
    detail = scrub_text(str(exc), *_secrets_of(request))
    return ApiConnectionError(f"{where} failed: {type(exc).__name__}: {detail}", request_sent=sent)


_PLAN_CACHE_SIZE = 4096  # distinct (method, path, retries) per transport; paths may hold ids


@attrs.define  # built on every call: a frozen class's __init__ costs more
class _Plan:
    retry: SuiteRetry
    timeout: httpx.Timeout
    end: float | None  # the call's deadline (monotonic)
    budget: float | None = None  # the longest phase timeout: one attempt's bound
    phases: dict[str, float | None] = attrs.field(factory=dict)  # timeout.as_dict(), computed once

    def limits(self, max_bytes: int, request: httpx.Request) -> Limits:
        now = time.monotonic()
        end = self.end
        if end is not None and end - now <= 0:
            check(end, f"{request.method} {redact_url(request.url)}")  # raises
        budget = self.budget
        if budget is not None:
            end = now + budget if end is None else min(end, now + budget)
        return Limits(end, max_bytes, self.timeout, self.phases or None)


@contextlib.contextmanager
def _retried(response: httpx.Response) -> Iterator[None]:
    """Hooks see a response that is about to be retried; an error a hook raises for it (e.g. a
    ``raise_for_status`` hook) does not cancel the retry, only the final response's errors count."""
    try:
        yield
    except Exception as error:
        logger.debug("after_response hook raised %s on a retried response", type(error).__name__)


def _budget(timeout: httpx.Timeout) -> float | None:
    values = [v for v in timeout.as_dict().values() if v is not None]
    return max(values) if values else None


class SuiteTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Hooks, auth, bounded attempts, retries, deadlines and typed errors around a base transport."""

    def __init__(
        self,
        inner: httpx.BaseTransport | httpx.AsyncBaseTransport,
        *,
        retry: RetryConfig,
        hooks: Hooks,
        routes: Routes | None = None,
        base_path: str = "",
        classify: Classifier | None = None,
        auth: httpx.Auth | None = None,
        timeout: httpx.Timeout | None = None,
        deadline: float | None = None,
        max_response_bytes: int = one.DEFAULT_MAX_RESPONSE_BYTES,
        foreign: ForeignMapper | None = None,
    ) -> None:
        self.inner = inner
        self.retry = retry
        self.hooks = hooks
        self.routes = routes
        self.base_path = base_path.rstrip("/")
        self.classify = classify
        self.auth = auth
        self.timeout = timeout or httpx.Timeout(60.0)
        self.deadline = deadline
        self.max_response_bytes = max_response_bytes
        self.foreign = foreign
        # What does not change from call to call is worked out once: per (method, path,
        # max_retries) the retry state, and for the client's timeout its phases and budget.
        self._retries: dict[tuple[str, str, int | None], SuiteRetry] = {}
        self._phases = self.timeout.as_dict()
        self._budget = _budget(self.timeout)

    def _retry(self, method: str, url: httpx.URL, max_retries: int | None) -> SuiteRetry:
        path = url.path
        cached = self._retries.get((method, path, max_retries))
        if cached is not None:
            return cached
        relative = path
        if self.base_path and relative.startswith(self.base_path):
            relative = relative[len(self.base_path) :] or "/"
        route = self.routes.match(method, relative) if self.routes else None
        idempotent = route.idempotent if route else method in {"GET", "HEAD", "OPTIONS", "PUT", "DELETE"}
        retry = self.retry.for_request(method, idempotent, max_retries)
        if len(self._retries) >= _PLAN_CACHE_SIZE:
            self._retries.clear()
        self._retries[(method, path, max_retries)] = retry
        return retry

    def _plan(self, request: httpx.Request) -> _Plan:
        options = current_options()
        if options is None:  # the common case: the client's own settings
            retry = self._retry(request.method, request.url, None)
            timeout, phases, budget, seconds = self.timeout, self._phases, self._budget, self.deadline
        else:
            retry = self._retry(request.method, request.url, options.max_retries)
            timeout, phases, budget = self.timeout, self._phases, self._budget
            if options.timeout_in_seconds is not None:
                timeout = httpx.Timeout(options.timeout_in_seconds)
                phases, budget = timeout.as_dict(), _budget(timeout)
            seconds = options.deadline_in_seconds
            if seconds is None:
                seconds = self.deadline
        if seconds is None and budget is not None:
            # default: every attempt its whole timeout, plus the longest back-off
            seconds = budget * (retry.total + 1) + retry.max_backoff_wait
        own = None if seconds is None else time.monotonic() + seconds
        outer = current_deadline()
        end = own if outer is None else earliest(own, outer)
        return _Plan(retry, timeout, end, budget, phases)

    def _next(self, retry: SuiteRetry, outcome: Outcome, plan: _Plan) -> tuple[SuiteRetry, float] | None:
        """The retry state and the wait before the next attempt, or None to stop here."""
        if isinstance(outcome, httpx.Response):
            retryable = retry.is_retryable_status_code(outcome.status_code)
            headers: httpx.Headers | dict[str, str] = outcome.headers
        else:
            retryable = retry.is_retryable_exception(outcome)
            headers = {}
        if not retryable or retry.is_exhausted():
            return None
        retry = retry.increment()
        wait = retry.delay(headers)
        if plan.end is not None and time.monotonic() + wait >= plan.end:
            return None  # the deadline would pass while waiting: this outcome stands
        return retry, wait

    def _finish(self, request: httpx.Request, outcome: Outcome, plan: _Plan) -> httpx.Response:
        if isinstance(outcome, httpx.TransportError):
            if isinstance(outcome, httpx.TimeoutException) and plan.end and time.monotonic() >= plan.end:
                where = f"{request.method} {redact_url(request.url)}"
                sent = not isinstance(outcome, NOT_SENT_ERRORS)
                raise DeadlineExceededError(
                    f"{where} timed out: the call's deadline passed", request_sent=sent
                )
            raise _translate(outcome, request)
        if outcome.status_code >= 400:
            raise error_for_response(outcome)
        last_response.set(outcome)
        return outcome

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        try:
            request = self.hooks.run_before(request)
            plan = self._plan(request)
            outcome = self._run(request, plan)
            return self._finish(request, outcome, plan)
        except Exception as error:
            self.hooks.run_on_error(error)
            raise

    def _run(self, request: httpx.Request, plan: _Plan) -> Outcome:
        inner = self.inner
        assert isinstance(inner, httpx.BaseTransport), "this client's transport is async-only"
        url, headers, retry, number = request.url, request.headers.copy(), plan.retry, 0
        while True:
            number += 1
            if number > 1:  # each attempt is signed afresh, from the request the hooks left
                request.url, request.headers = url, headers.copy()
            request.extensions["attempt"] = number
            limits = plan.limits(self.max_response_bytes, request)
            outcome: Outcome
            try:
                # the common case, a one-shot auth: no flow to drive, no callable to build
                if auth_flow.is_one_shot(self.auth):
                    outcome = one.send_once(
                        inner, auth_flow.signed(self.auth, request), limits, self.classify, self.foreign
                    )
                else:
                    send = functools.partial(
                        one.send_once, inner, limits=limits, classify=self.classify, foreign=self.foreign
                    )
                    outcome = auth_flow.send_with_auth(self.auth, request, send)
            except httpx.TransportError as exc:
                outcome = exc
            step = self._next(retry, outcome, plan)
            if isinstance(outcome, httpx.Response):
                if step is None:
                    return self.hooks.run_after(outcome)
                with _retried(outcome):
                    self.hooks.run_after(outcome)
            if step is None:
                return outcome
            retry, wait = step
            time.sleep(wait)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            request = await self.hooks.arun_before(request)
            plan = self._plan(request)
            outcome = await self._arun(request, plan)
            return self._finish(request, outcome, plan)
        except Exception as error:
            await self.hooks.arun_on_error(error)
            raise

    async def _arun(self, request: httpx.Request, plan: _Plan) -> Outcome:
        inner = self.inner
        assert isinstance(inner, httpx.AsyncBaseTransport), "this client's transport is sync-only"
        url, headers, retry, number = request.url, request.headers.copy(), plan.retry, 0
        while True:
            number += 1
            if number > 1:
                request.url, request.headers = url, headers.copy()
            request.extensions["attempt"] = number
            limits = plan.limits(self.max_response_bytes, request)
            outcome: Outcome
            try:
                if auth_flow.is_one_shot(self.auth):
                    outgoing = await auth_flow.asigned(self.auth, request)
                    outcome = await one.asend_once(inner, outgoing, limits, self.classify, self.foreign)
                else:
                    asend = functools.partial(
                        one.asend_once, inner, limits=limits, classify=self.classify, foreign=self.foreign
                    )
                    outcome = await auth_flow.asend_with_auth(self.auth, request, asend)
            except httpx.TransportError as exc:
                outcome = exc
            step = self._next(retry, outcome, plan)
            if isinstance(outcome, httpx.Response):
                if step is None:
                    return await self.hooks.arun_after(outcome)
                with _retried(outcome):
                    await self.hooks.arun_after(outcome)
            if step is None:
                return outcome
            retry, wait = step
            await asyncio.sleep(wait)

    def close(self) -> None:
        if isinstance(self.inner, httpx.BaseTransport):
            self.inner.close()

    async def aclose(self) -> None:
        if isinstance(self.inner, httpx.AsyncBaseTransport):
            await self.inner.aclose()


class DelegatingTransport(httpx.BaseTransport):
    """Sends through a user's own ``httpx.Client``: its proxies, mounts, transports and limits apply."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self.client.send(request, stream=True)


class AsyncDelegatingTransport(httpx.AsyncBaseTransport):
    """The async twin of :class:`DelegatingTransport`."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self.client.send(request, stream=True)

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client


__all__ = [
    "ApiError",
    "AsyncDelegatingTransport",
    "Classifier",
    "DeadlineExceededError",
    "DelegatingTransport",
    "SuiteTransport",
    "last_response",
]
