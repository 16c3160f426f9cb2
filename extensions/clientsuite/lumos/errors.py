"""Connector failures as real exceptions, with the stable codes of the error envelope.

A connector reports ``{"is_error": true, "error": {...}}`` with an HTTP error status or inside an
HTTP 200. Either way :func:`error_from_envelope` turns it into a :class:`ConnectorError` subclass
chosen by the standard part of ``error_code`` (``github.rate_limit`` -> :class:`ConnectorRateLimitError`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import httpx

from clientsuite.errors import ApiError, ClientSuiteError

STATUS_BY_CODE = {
    "bad_request": 400,
    "unauthorized": 401,
    "permission_denied": 403,
    "not_found": 404,
    "rate_limit": 429,
    "unexpected_error": 500,
    "not_implemented": 501,
    "api_error": 502,
}


class ConnectorError(ApiError):
    """A connector's error envelope; ``error_code`` keeps the app-id prefix (``github.bad_request``)."""

    def __init__(self, error: Mapping[str, Any], status_code: int, body: bytes, headers: Any) -> None:
        self.message: str = str(error.get("message") or "")
        self.error_code: str = str(error.get("error_code") or "unexpected_error")
        self.app_error_code: str | None = error.get("app_error_code")
        self.app_id: str | None = error.get("app_id") or (
            self.error_code.split(".", 1)[0] if "." in self.error_code else None
        )
        self.raised_by: str | None = error.get("raised_by")
        self.raised_in: str | None = error.get("raised_in")
        super().__init__(int(error.get("status_code") or status_code), body, headers)

    @property
    def code(self) -> str:
        """The standard part of ``error_code``, without the app id."""
        return self.error_code.rsplit(".", 1)[-1]

    def _message(self) -> str:
        return f"{self.error_code}: {self.message}"

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


class ConnectorRateLimitError(ConnectorError):
    pass


class ConnectorNotImplementedError(ConnectorError):
    pass


class ConnectorUnexpectedError(ConnectorError):
    pass


class NotImplementedCapability(ClientSuiteError, NotImplementedError):
    """The connector's ``info`` does not list this capability; nothing was sent."""


_BY_CODE: dict[str, type[ConnectorError]] = {
    "bad_request": ConnectorBadRequestError,
    "unauthorized": ConnectorUnauthorizedError,
    "permission_denied": ConnectorPermissionDeniedError,
    "not_found": ConnectorNotFoundError,
    "rate_limit": ConnectorRateLimitError,
    "not_implemented": ConnectorNotImplementedError,
    "unexpected_error": ConnectorUnexpectedError,
}


def envelope_error(content: bytes) -> Mapping[str, Any] | None:
    """The ``error`` object of an error envelope, or ``None`` when the body is not one."""
    if b'"is_error"' not in content and b'"error"' not in content:
        return None
    try:
        body = json.loads(content)
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    error = body.get("error")
    if (body.get("is_error") is True or isinstance(error, dict)) and isinstance(error, dict):
        return error
    return None


def effective_status(response: httpx.Response) -> int | None:
    """The status an error envelope stands for, so that the retry policy sees a 200 rate limit as 429."""
    error = envelope_error(response.content)
    if error is None:
        return None
    code = str(error.get("error_code") or "").rsplit(".", 1)[-1]
    return int(error.get("status_code") or STATUS_BY_CODE.get(code, 500))


def error_from_response(response: httpx.Response) -> ConnectorError | None:
    error = envelope_error(response.content)
    if error is None:
        return None
    code = str(error.get("error_code") or "").rsplit(".", 1)[-1]
    cls = _BY_CODE.get(code, ConnectorError)
    return cls(error, response.status_code, response.content, response.headers)


def raise_for_envelope(response: httpx.Response) -> None:
    """``after_response`` hook: an error envelope, whatever the status, becomes a ConnectorError."""
    error = error_from_response(response)
    if error is not None:
        raise error
