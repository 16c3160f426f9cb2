"""Custom events that count against members' quotas: the body, its checks and the errors (both sides)."""

from __future__ import annotations

from typing import Any

import attrs

from clientsuite import errors

MAX_EVENT_SOURCE = 10


def _twin(cls: type[errors.ApiError]) -> type[errors.ApiError]:
    """``cls`` that is also a ``ValueError``: the official ``create_custom`` raises ``ValueError``."""
    name = f"Event{cls.__name__}"
    doc = f"{cls.__doc__} Also a ``ValueError``, like the official SDK's refused events."
    twin = type(name, (cls, ValueError), {"__module__": __name__, "__qualname__": name, "__doc__": doc})
    globals()[name] = twin  # importable by name, so it pickles like the class it extends
    return twin


_TWINS = {
    cls: _twin(cls)
    for cls in (
        errors.ApiError,
        errors.BadRequestError,
        errors.AuthenticationError,
        errors.PermissionDeniedError,
        errors.NotFoundError,
        errors.ConflictError,
        errors.PreconditionFailedError,
        errors.UnprocessableEntityError,
        errors.RateLimitError,
        errors.InternalServerError,
    )
}


def refused(error: errors.ApiError) -> errors.ApiError:
    """The same error as its ``ValueError`` twin, raised where the official SDK raises ``ValueError``."""
    twin = _TWINS.get(type(error), _TWINS[errors.ApiError])
    return twin(error.status_code, error.body, error.headers)


@attrs.frozen
class EventLocation:
    country_code: str
    subdivision_code: str | None = None


def event_body(
    event_source: str, member_id: str | None, is_in_quota: bool | None, location: EventLocation | None
) -> Any:
    """The checked request body; a bad ``event_source`` raises ``ValueError`` before anything is sent."""
    # the generated models load with the first event sent
    from pluginlab_events_api.models.custom_event_body import CustomEventBody
    from pluginlab_events_api.models.event_location import EventLocation as EventLocationBody
    from pluginlab_events_api.types import send_null

    if not isinstance(event_source, str) or not event_source:
        raise ValueError("event_source is required")
    if len(event_source) > MAX_EVENT_SOURCE:
        raise ValueError(
            f"event_source is {len(event_source)} characters long, the limit is {MAX_EVENT_SOURCE}"
        )
    body_location: Any = None
    if location is not None:
        # like the official SDK, an unknown subdivision is sent as null
        body_location = EventLocationBody(
            country_code=location.country_code, subdivision_code=location.subdivision_code
        )
        if location.subdivision_code is None:
            send_null(body_location, "subdivision_code")
    return CustomEventBody(
        event_source=event_source,
        member_id=member_id if member_id is not None else None,
        location=body_location,
        is_in_quota=is_in_quota if is_in_quota is not None else None,
    )
