"""Custom events that count against members' quotas (``app.get_event()``), sync and async."""

from __future__ import annotations

from typing import Any

import attrs
import pluginlab_events_api
from pluginlab_events_api.api.events import create_custom_event
from pluginlab_events_api.models import CustomEventBody, CustomEventResult
from pluginlab_events_api.models import EventLocation as EventLocationBody
from pluginlab_events_api.types import send_null

from clientsuite import errors
from clientsuite.pluginlab.settings import Settings
from clientsuite.runtime import acall, call, expect
from clientsuite.runtime.calls import Options

PACKAGE = "pluginlab_events_api"
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


def _refused(error: errors.ApiError) -> errors.ApiError:
    twin = _TWINS.get(type(error), _TWINS[errors.ApiError])
    return twin(error.status_code, error.body, error.headers)


@attrs.frozen
class EventLocation:
    country_code: str
    subdivision_code: str | None = None


def _event_body(
    event_source: str, member_id: str | None, is_in_quota: bool | None, location: EventLocation | None
) -> Any:
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


class AppEvent:
    def __init__(self, settings: Settings) -> None:
        self._client = settings.attach(pluginlab_events_api.Client, settings.event_url, PACKAGE, False)

    def create_custom(
        self,
        event_source: str,
        member_id: str | None = None,
        is_in_quota: bool | None = None,
        location: EventLocation | None = None,
        *,
        request_options: Options = None,
    ) -> CustomEventResult:
        """Record usage that did not come through ChatGPT (the official argument order).

        A refused event raises the suite's typed error, which is also a ``ValueError`` as in the
        official SDK (``EventBadRequestError`` is a ``BadRequestError`` and a ``ValueError``).
        """
        body = _event_body(event_source, member_id, is_in_quota, location)
        try:
            result = call(
                "create_custom_event",
                create_custom_event.sync,
                request_options,
                client=self._client,
                body=body,
            )
        except errors.ApiError as error:
            raise _refused(error) from None
        return expect("create_custom_event", result, CustomEventResult)

    def close(self) -> None:
        self._client.get_httpx_client().close()


class AsyncAppEvent:
    def __init__(self, settings: Settings) -> None:
        self._client = settings.attach(pluginlab_events_api.Client, settings.event_url, PACKAGE, True)

    async def create_custom(
        self,
        event_source: str,
        member_id: str | None = None,
        is_in_quota: bool | None = None,
        location: EventLocation | None = None,
        *,
        request_options: Options = None,
    ) -> CustomEventResult:
        body = _event_body(event_source, member_id, is_in_quota, location)
        try:
            result = await acall(
                "create_custom_event",
                create_custom_event.asyncio,
                request_options,
                client=self._client,
                body=body,
            )
        except errors.ApiError as error:
            raise _refused(error) from None
        return expect("create_custom_event", result, CustomEventResult)

    async def aclose(self) -> None:
        await self._client.get_async_httpx_client().aclose()
