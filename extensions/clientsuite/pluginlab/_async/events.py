"""Custom events that count against members' quotas (``app.get_event()``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from clientsuite.pluginlab.settings import Settings
from clientsuite.runtime.calls import Options, acall, expect
from clientsuite.runtime.lazy import lazy
from clientsuite.runtime.sides import attach_async

if TYPE_CHECKING:
    from pluginlab_events_api import models
    from pluginlab_events_api.api.events import create_custom_event
    from pluginlab_events_api.models import CustomEventResult

    from clientsuite import errors
    from clientsuite.pluginlab import events
    from clientsuite.pluginlab.events import EventLocation
else:  # the models package, the event bodies and the operation load on first use
    models = lazy("pluginlab_events_api", "models")
    errors = lazy("clientsuite", "errors")
    events = lazy("clientsuite.pluginlab", "events")
    create_custom_event = lazy("pluginlab_events_api.api.events", "create_custom_event")

PACKAGE = "pluginlab_events_api"


class AsyncAppEvent:
    """Custom events: the official ``AppEvent``'s method, same arguments."""

    def __init__(self, settings: Settings) -> None:
        url = settings.event_url
        from pluginlab_events_api.client import Client  # the generated client: loaded when one is built

        self._client = attach_async(Client(base_url=url), settings.config(url, PACKAGE))

    async def create_custom(
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
        body = events.event_body(event_source, member_id, is_in_quota, location)
        try:
            result = await acall(
                "create_custom_event",
                create_custom_event.asyncio,
                request_options,
                client=self._client,
                body=body,
            )
        except errors.ApiError as error:
            raise events.refused(error) from None
        return expect("create_custom_event", result, models.CustomEventResult)

    async def aclose(self) -> None:
        await self._client.get_async_httpx_client().aclose()
