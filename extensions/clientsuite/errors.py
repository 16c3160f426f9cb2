"""One exception hierarchy for every service.

Every error a suite client raises derives from :class:`ClientSuiteError`, so callers can catch
one class. HTTP failures carry the status, the (redacted) headers and the body; nothing that
can hold a secret (API keys, signatures, tokens) is ever placed in a message or a ``repr``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import httpx

from clientsuite.redaction import redact_headers, redact_json_body

__all__ = [
    "ApiConnectionError",
    "ApiError",
    "ApiTimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ClientSuiteError",
    "ConflictError",
    "DeadlineExceededError",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "PreconditionFailedError",
    "RateLimitError",
    "ResponseTooLargeError",
    "ResponseValidationError",
    "UnprocessableEntityError",
    "error_for_response",
    "may_have_been_processed",
]

_BODY_PREVIEW = 200


class ClientSuiteError(Exception):
    """Base class of every error raised by clientsuite."""


class ApiError(ClientSuiteError):
    """The service answered with an HTTP error status."""

    status_code: int
    body: bytes
    headers: dict[str, str]

    def __init__(self, status_code: int, body: bytes = b"", headers: Mapping[str, str] | None = None) -> None:
        self.status_code = status_code
        self.body = body
        self.headers = redact_headers(headers or {})
        super().__init__(self._message())

    def _message(self) -> str:
        preview = self.body[:_BODY_PREVIEW].decode("utf-8", "replace")
        suffix = "..." if len(self.body) > _BODY_PREVIEW else ""
        return f"HTTP {self.status_code}: {preview}{suffix}" if preview else f"HTTP {self.status_code}"

    def json(self) -> Any:
        """The body parsed as JSON, or ``None`` when it is not JSON."""
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status_code={self.status_code})"


class BadRequestError(ApiError):
    """HTTP 400."""


class AuthenticationError(ApiError):
    """HTTP 401: the credentials were missing or refused."""


class PermissionDeniedError(ApiError):
    """HTTP 403."""


class NotFoundError(ApiError):
    """HTTP 404."""


class ConflictError(ApiError):
    """HTTP 409."""


class PreconditionFailedError(ApiError):
    """HTTP 412: a conditional request (``If-Match``) found the resource changed."""


class UnprocessableEntityError(ApiError):
    """HTTP 422."""


class RateLimitError(ApiError):
    """HTTP 429, after the retry budget was spent."""


class InternalServerError(ApiError):
    """HTTP 5xx, after the retry budget was spent."""


class ApiConnectionError(ClientSuiteError):
    """The service could not be reached, or broke the protocol (refused, reset, garbage, TLS...).

    ``request_sent`` is False only when the request certainly never reached the server (a
    connect error), so code that must not repeat a non-idempotent call can tell.
    """

    def __init__(self, message: str, *, request_sent: bool = True) -> None:
        self.request_sent = request_sent
        super().__init__(message)


class ApiTimeoutError(ApiConnectionError):
    """The service did not answer in time (one attempt's ``timeout``)."""


class DeadlineExceededError(ApiTimeoutError):
    """The call's deadline, which bounds all attempts and back-off together, ran out."""


class ResponseTooLargeError(ClientSuiteError):
    """A response body exceeded the client's ``max_response_bytes``; reading stopped there."""

    def __init__(self, limit: int, where: str) -> None:
        self.limit = limit
        super().__init__(f"{where}: response body exceeds the {limit}-byte limit (max_response_bytes)")


class ResponseValidationError(ClientSuiteError):
    """A response body did not fit the model its operation documents.

    For a value of the wrong type, ``field_path``, ``expected`` and ``actual`` say where and what
    (JSON type names, never the value). ``body`` is the raw body with secret-looking fields redacted.
    """

    def __init__(
        self,
        operation: str,
        body: bytes,
        reason: str,
        *,
        field_path: str | None = None,
        expected: str | None = None,
        actual: str | None = None,
    ) -> None:
        self.operation = operation
        self.body = redact_json_body(body)
        self.reason = reason
        self.field_path, self.expected, self.actual = field_path, expected, actual
        super().__init__(f"response of {operation} does not match its schema: {reason}")

    def __repr__(self) -> str:
        return f"ResponseValidationError(operation={self.operation!r}, reason={self.reason!r})"


_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    412: PreconditionFailedError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


# Statuses that say the server did not act on the request (safe to send again).
NOT_PROCESSED_STATUS = frozenset({408, 425, 429, 503})


def may_have_been_processed(error: BaseException) -> bool:
    """Whether the server may have acted on the request that ended in a suite ``error``.

    Used by code that must not send a non-idempotent request twice (the Schematic event buffer).
    A 5xx other than 503, a failure after the request was sent, or an answered request whose body
    did not fit its model: maybe. Errors that are not the suite's: no (nothing is known of them).
    """
    if isinstance(error, ApiError):
        return error.status_code >= 500 and error.status_code not in NOT_PROCESSED_STATUS
    if isinstance(error, ApiConnectionError):
        return error.request_sent
    return isinstance(error, ResponseValidationError)


def error_class_for_status(status_code: int) -> type[ApiError]:
    """The most specific :class:`ApiError` subclass for a status code."""
    if status_code >= 500:
        return InternalServerError
    return _BY_STATUS.get(status_code, ApiError)


def error_for_response(response: httpx.Response) -> ApiError:
    """Build the typed error for an HTTP error response (its body must already be read)."""
    return error_class_for_status(response.status_code)(
        response.status_code, response.content, response.headers
    )
