"""Connector failures as real exceptions, with the stable codes of the error envelope.

A connector reports ``{"is_error": true, "error": {...}}``, inside an HTTP 200 (connector-py's
server) or with an error status (a gateway). connector-py sends the bare code (``not_found``) and
the connector's ``app_id`` apart; :class:`ConnectorError` exposes both, and ``error_code`` joins
them as ``{app_id}.{code}`` (``github.not_found``). An envelope whose fields have the wrong types
(a ``status_code`` of ``"abc"``, ``1e999`` or an object) raises ``ResponseValidationError``.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from typing import Any

import httpx

from clientsuite.errors import ApiError, ClientSuiteError, ResponseValidationError

# The HTTP status each standard code stands for (drives retries: 429 and 503 are retried).
STATUS_BY_CODE = {
    "bad_request": 400,
    "invalid_value": 400,
    "unknown_value": 400,
    "invalid_page_token": 400,
    "integration_missing_parameter": 400,
    "unauthorized": 401,
    "unauthenticated": 401,
    "authentication_expired": 401,
    "creds_revoked": 401,
    "permission_denied": 403,
    "not_found": 404,
    "conflict": 409,
    "rate_limit": 429,
    "budget_exhausted": 429,
    "internal_error": 500,
    "unexpected_error": 500,
    "client_call_error": 500,
    "not_implemented": 501,
    "unsupported_operation": 501,
    "api_error": 502,
    "bad_gateway": 502,
    "invalid_response": 502,
    "connection_rejected": 502,
    "connection_closed": 502,
    "service_error": 503,
    "request_timeout": 504,
    "connection_timeout": 504,
}


class ConnectorError(ApiError):
    """A connector's error envelope.

    ``error_code`` is ``{app_id}.{code}``; ``code`` is the bare standard code and ``app_id`` the
    connector's id. ``error_metadata`` (fault, category, retryable...) and ``raw_data`` are kept as sent.
    """

    def __init__(
        self,
        error: Mapping[str, Any],
        status_code: int,
        body: bytes,
        headers: Any,
        raw_data: Any = None,
    ) -> None:
        code, app_id = _split_code(error)
        self.code: str = code
        self.app_id: str | None = app_id
        self.error_code: str = f"{app_id}.{code}" if app_id else code
        self.message: str = str(error.get("message") or "")
        self.app_error_code: str | None = _text(error.get("app_error_code"))
        self.raised_by: str | None = _text(error.get("raised_by"))
        self.raised_in: str | None = _text(error.get("raised_in"))
        metadata = error.get("error_metadata")
        self.error_metadata: dict[str, Any] | None = dict(metadata) if isinstance(metadata, Mapping) else None
        self.raw_data = raw_data
        super().__init__(status_code, body, headers)

    @property
    def retryable(self) -> bool | None:
        """The connector's own verdict (``error_metadata.retryable``), when it gave one."""
        value = (self.error_metadata or {}).get("retryable")
        return value if isinstance(value, bool) else None

    def _message(self) -> str:
        return f"{self.error_code}: {self.message}" if self.message else self.error_code

    def redact(self, secrets: list[str]) -> None:
        """Remove the request's own secrets from whatever the connector echoed back."""
        secrets = [s for s in secrets if len(s) >= 4]
        if not secrets:
            return

        def clean(text: str) -> str:
            for secret in sorted(set(secrets), key=len, reverse=True):
                text = text.replace(secret, "[redacted]")
            return text

        self.message = clean(self.message)
        self.body = clean(self.body.decode("utf-8", "replace")).encode()
        if self.raw_data is not None:
            with contextlib.suppress(TypeError, ValueError):
                self.raw_data = json.loads(clean(json.dumps(self.raw_data)))
        self.error_metadata = (
            json.loads(clean(json.dumps(self.error_metadata))) if self.error_metadata else self.error_metadata
        )
        self.args = (self._message(),)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(error_code={self.error_code!r}, status_code={self.status_code})"


class ConnectorBadRequestError(ConnectorError):
    pass


class ConnectorUnauthorizedError(ConnectorError):
    pass


class ConnectorPermissionDeniedError(ConnectorError):
    pass


class ConnectorNotFoundError(ConnectorError):
    pass


class ConnectorConflictError(ConnectorError):
    pass


class ConnectorRateLimitError(ConnectorError):
    pass


class ConnectorNotImplementedError(ConnectorError):
    pass


class ConnectorUpstreamError(ConnectorError):
    """The app behind the connector failed, timed out or answered nonsense."""


class ConnectorUnexpectedError(ConnectorError):
    pass


class NotImplementedCapability(ClientSuiteError, NotImplementedError):
    """The connector's known capabilities do not include this one; nothing was sent."""


_CLASS_BY_STATUS: dict[int, type[ConnectorError]] = {
    400: ConnectorBadRequestError,
    401: ConnectorUnauthorizedError,
    403: ConnectorPermissionDeniedError,
    404: ConnectorNotFoundError,
    409: ConnectorConflictError,
    429: ConnectorRateLimitError,
    500: ConnectorUnexpectedError,
    501: ConnectorNotImplementedError,
    502: ConnectorUpstreamError,
    503: ConnectorUpstreamError,
    504: ConnectorUpstreamError,
}


def error_class(code: str) -> type[ConnectorError]:
    """The subclass for a bare standard code; unknown codes get :class:`ConnectorError` itself."""
    status = STATUS_BY_CODE.get(code)
    return _CLASS_BY_STATUS.get(status, ConnectorError) if status else ConnectorError


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _split_code(error: Mapping[str, Any]) -> tuple[str, str | None]:
    raw = error.get("error_code")
    app_id = _text(error.get("app_id")) or None
    code = raw if isinstance(raw, str) and raw else "unexpected_error"
    if "." in code:  # older connectors sent ``github.not_found``
        prefix, code = code.rsplit(".", 1)
        app_id = app_id or prefix
    return code, app_id


class MalformedEnvelope(ValueError):
    """An error envelope whose fields do not have the documented types."""


def _status(error: Mapping[str, Any], code: str, http_status: int) -> int:
    value = error.get("status_code")
    if value is None:
        return STATUS_BY_CODE.get(code) or (http_status if http_status >= 400 else 500)
    if isinstance(value, bool) or not isinstance(value, int) or not 100 <= value <= 599:
        raise MalformedEnvelope(f"error.status_code must be an HTTP status, got {type(value).__name__}")
    return value


def envelope(content: bytes) -> tuple[Mapping[str, Any], Any] | None:
    """The ``error`` object and ``raw_data`` of an error envelope, or ``None`` when it is not one.

    Raises :class:`MalformedEnvelope` for a body flagged ``is_error`` whose ``error`` is not an object.
    """
    if b'"is_error"' not in content and b'"error"' not in content:
        return None
    try:
        body = json.loads(content)
    except (ValueError, RecursionError):
        return None
    if not isinstance(body, dict):
        return None
    error = body.get("error")
    if body.get("is_error") is True and not isinstance(error, dict):
        raise MalformedEnvelope("an error envelope without an error object")
    if not isinstance(error, dict) or body.get("is_error") is False:
        return None
    for field in ("message", "error_code", "app_id"):
        if error.get(field) is not None and not isinstance(error[field], str):
            raise MalformedEnvelope(f"error.{field} must be a string")
    return error, body.get("raw_data")


def effective_status(response: httpx.Response) -> int | None:
    """The status an error envelope stands for, so the retry policy sees a 200 rate limit as 429.

    A malformed envelope is left alone here (``None``) and reported by :func:`raise_for_envelope`.
    """
    try:
        found = envelope(response.content)
        if found is None:
            return None
        code, _ = _split_code(found[0])
        return _status(found[0], code, response.status_code)
    except MalformedEnvelope:
        return None


def error_from_response(response: httpx.Response, operation: str = "connector call") -> ConnectorError | None:
    try:
        found = envelope(response.content)
        if found is None:
            return None
        error, raw_data = found
        code, _ = _split_code(error)
        status = _status(error, code, response.status_code)
    except MalformedEnvelope as bad:
        raise ResponseValidationError(operation, response.content, str(bad)) from None
    return error_class(code)(error, status, response.content, response.headers, raw_data)


def raise_for_envelope(response: httpx.Response) -> None:
    """``after_response`` hook: an error envelope, whatever the status, becomes a ConnectorError."""
    try:
        operation = response.request.url.path.rsplit("/", 1)[-1] or "connector call"
    except RuntimeError:  # a response built without its request
        operation = "connector call"
    error = error_from_response(response, operation)
    if error is not None:
        raise error
