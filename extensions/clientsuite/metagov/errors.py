"""Metagov's errors: HTTP errors that carry the server's messages, and the client's own failures.

Metagov answers a 400 the way Django REST framework writes it (a JSON list of messages, or an
object of field to messages) and a 404 with an empty HTML body. Every HTTP error a Metagov
client raises is the suite's usual class (``BadRequestError``...) *and* a
:class:`MetagovApiError`, whose ``messages`` is that body as a flat list of strings.
"""

from __future__ import annotations

import html
import json
import re
from typing import TYPE_CHECKING, Any

from clientsuite.errors import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    ClientSuiteError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    PreconditionFailedError,
    RateLimitError,
    UnprocessableEntityError,
)

if TYPE_CHECKING:
    from metagov_api.models import Community, GovernanceProcess

_TAG = re.compile(r"<[^>]*>")


def _flatten(data: Any, field: str | None = None) -> list[str]:
    if isinstance(data, list):
        return [m for item in data for m in _flatten(item, field)]
    if isinstance(data, dict):
        return [
            m
            for key, value in data.items()
            for m in _flatten(value, None if key in ("detail", "non_field_errors") else str(key))
        ]
    text = str(data)
    return [f"{field}: {text}" if field else text]


def messages_from(body: bytes) -> list[str]:
    """The messages of an error body: a JSON list, an object of field to messages, text or HTML."""
    text = body.decode("utf-8", "replace").strip()
    if not text:
        return []
    try:
        return _flatten(json.loads(text))
    except ValueError:
        plain = " ".join(html.unescape(_TAG.sub(" ", text)).split())
        return [plain] if plain else []


class MetagovApiError(ApiError):
    """An HTTP error from Metagov; ``messages`` lists what the server said (maybe nothing)."""

    @property
    def messages(self) -> list[str]:
        return messages_from(self.body)


class MetagovBadRequestError(MetagovApiError, BadRequestError):
    """400: invalid input, a plugin not enabled for the community, closing a completed process."""


class MetagovAuthenticationError(MetagovApiError, AuthenticationError):
    """401 (from a gateway in front of Metagov)."""


class MetagovPermissionDeniedError(MetagovApiError, PermissionDeniedError):
    """403 (from a gateway in front of Metagov)."""


class MetagovNotFoundError(MetagovApiError, NotFoundError):
    """404: no such community, plugin, action or process (Metagov sends an empty HTML body)."""


class MetagovConflictError(MetagovApiError, ConflictError):
    """409."""


class MetagovPreconditionFailedError(MetagovApiError, PreconditionFailedError):
    """412 (from a versioning gateway that honours ``If-Match``)."""


class MetagovUnprocessableEntityError(MetagovApiError, UnprocessableEntityError):
    """422."""


class MetagovRateLimitError(MetagovApiError, RateLimitError):
    """429, after the retry budget was spent."""


class MetagovServerError(MetagovApiError, InternalServerError):
    """5xx, after the retry budget was spent."""


_BY_CLASS: dict[type[ApiError], type[MetagovApiError]] = {
    BadRequestError: MetagovBadRequestError,
    AuthenticationError: MetagovAuthenticationError,
    PermissionDeniedError: MetagovPermissionDeniedError,
    NotFoundError: MetagovNotFoundError,
    ConflictError: MetagovConflictError,
    PreconditionFailedError: MetagovPreconditionFailedError,
    UnprocessableEntityError: MetagovUnprocessableEntityError,
    RateLimitError: MetagovRateLimitError,
    InternalServerError: MetagovServerError,
}


def metagov_error(error: ApiError) -> MetagovApiError:
    """The same error (status, body, redacted headers) as its Metagov class."""
    if isinstance(error, MetagovApiError):
        return error
    cls = _BY_CLASS.get(type(error), MetagovApiError)
    return cls(error.status_code, error.body, error.headers)


class ConcurrentChangeError(ClientSuiteError):
    """Another writer changed the community during a plugin edit.

    ``plugins`` names the plugins it held when last read (names only: configs hold credentials).
    ``written`` says whether our write was sent; if it was, our change may or may not hold. Read
    the community again before retrying.
    """

    def __init__(
        self, slug: str, reason: str, current: Community | None = None, written: bool = False
    ) -> None:
        self.slug = slug
        self.plugins = [p.name for p in current.plugins] if current is not None else None
        self.written = written
        super().__init__(f"community {slug!r} changed while its plugins were being edited: {reason}")


class ProcessTimeoutError(ClientSuiteError, TimeoutError):
    """The process was not completed by the deadline; ``last`` is its last known state."""

    def __init__(self, name: str, process_id: int, last: GovernanceProcess | None, waited: float) -> None:
        self.last = last
        status = last.status.value if last is not None else "unknown"
        super().__init__(f"{name} #{process_id} still {status} after {waited:.1f} s")
