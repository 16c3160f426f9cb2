"""The Pusher facade: the official library's methods over the generated ``pusher_api`` client.

Written once, as async code in ``_async/client.py``; ``make generate`` derives its sync twin in
``_sync/client.py``. What needs no network lives in ``base.py``, and the async client's coalescing
option in ``async_client.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

import httpx
from pusher_api import models  # each model loads on first use

from clientsuite.pusher import rules
from clientsuite.pusher.base import PusherBase
from clientsuite.pusher.bodies import info as _info
from clientsuite.runtime.calls import acall, expect
from clientsuite.runtime.lazy import lazy
from clientsuite.runtime.options import RequestOptions
from clientsuite.runtime.sides import attach_async

if TYPE_CHECKING:
    from pusher_api import Client
    from pusher_api.api.channels import get_channel, get_channels, get_users
    from pusher_api.api.events import trigger_batch, trigger_event
    from pusher_api.api.users import terminate_user_connections
    from pusher_api.models import TriggerEventBody

    from clientsuite.pusher import results  # the result types: annotations only
else:  # each operation module loads on first use
    get_channel, get_channels, get_users = lazy(
        "pusher_api.api.channels", "get_channel", "get_channels", "get_users"
    )
    trigger_batch, trigger_event = lazy("pusher_api.api.events", "trigger_batch", "trigger_event")
    terminate_user_connections = lazy("pusher_api.api.users", "terminate_user_connections")

M = TypeVar("M")
Options = RequestOptions | None


class AsyncPusher(PusherBase):
    """Pusher Channels client, a drop-in for ``pusher.Pusher``."""

    _HTTPX = httpx.AsyncClient

    def _attach(self, client: Client) -> Client:
        return attach_async(client, self._config)

    async def _send(self, function: Callable[..., Any], model: type[M], options: Options, **args: Any) -> M:
        """A generated operation on this app, through the runtime, narrowed to its success model.

        The operation's name (in errors and hooks) is its generated module's, e.g. ``trigger_event``.
        """
        operation = function.__module__.rpartition(".")[2]
        result = await acall(operation, function, options, client=self._client, app_id=self.app_id, **args)
        return expect(operation, result, model)

    async def trigger(
        self,
        channels: str | Iterable[str],
        event_name: str,
        data: Any,
        socket_id: str | None = None,
        *,
        info: Iterable[str] = (),
        request_options: RequestOptions | None = None,
    ) -> results.TriggerResult:
        """Publish an event on up to 100 channels; returns the parsed response."""
        body = self._bodies.trigger(channels, event_name, data, socket_id, _info(info))
        return await self._trigger(body, request_options)

    async def _trigger(self, body: TriggerEventBody, options: Options) -> results.TriggerResult:
        found = await self._send(trigger_event.asyncio, models.TriggerEventResponse, options, body=body)
        return cast("results.TriggerResult", found.to_dict())

    async def send_to_user(
        self, user_id: str, event_name: str, data: Any, *, request_options: RequestOptions | None = None
    ) -> results.TriggerResult:
        """Publish an event to every connection of an authenticated user."""
        channel = self._user_channel(user_id)
        return await self.trigger(channel, event_name, data, request_options=request_options)

    async def trigger_batch(
        self,
        batch: Iterable[Mapping[str, Any]] = (),
        already_encoded: bool = False,
        *,
        request_options: RequestOptions | None = None,
    ) -> results.BatchResult:
        """Publish up to 10 events, each on its own channel, in one request.

        ``already_encoded=True``: each event's ``data`` is sent as given (a string, sealed already
        for encrypted channels), as in the official library.
        """
        body = self._bodies.batch(batch, already_encoded)
        found = await self._send(
            trigger_batch.asyncio, models.TriggerBatchResponse, request_options, body=body
        )
        return cast("results.BatchResult", found.to_dict())

    async def channels_info(
        self,
        prefix_filter: str | None = None,
        attributes: Iterable[str] = (),
        *,
        request_options: RequestOptions | None = None,
    ) -> results.ChannelsInfo:
        """Occupied channels, optionally those starting with ``prefix_filter``."""
        if prefix_filter is not None:
            rules.text(prefix_filter, "prefix_filter")
        query = {"filter_by_prefix": prefix_filter or None, "info": _info(attributes) or None}
        found = await self._send(get_channels.asyncio, models.ChannelsList, request_options, **query)
        return cast("results.ChannelsInfo", found.to_dict())

    async def channel_info(
        self, channel: str, attributes: Iterable[str] = (), *, request_options: RequestOptions | None = None
    ) -> results.ChannelInfo:
        """One channel's state: ``occupied`` and the requested attributes."""
        query = {"channel_name": rules.channel(channel), "info": _info(attributes) or None}
        state = await self._send(get_channel.asyncio, models.ChannelInfo, request_options, **query)
        return cast("results.ChannelInfo", state.to_dict())

    async def users_info(
        self, channel: str, *, request_options: RequestOptions | None = None
    ) -> results.UsersInfo:
        """The users of a presence channel."""
        name = rules.channel(channel)
        users = await self._send(get_users.asyncio, models.UsersList, request_options, channel_name=name)
        return cast("results.UsersInfo", users.to_dict())

    async def terminate_user_connections(
        self, user_id: str, *, request_options: RequestOptions | None = None
    ) -> dict[str, Any]:
        """Close every connection of an authenticated user."""
        checked = {"user_id": rules.user_id(user_id), "body": models.EmptyBody()}
        return dict(await self._send(terminate_user_connections.asyncio, dict, request_options, **checked))

    async def aclose(self) -> None:
        """Close the connections this client opened (a user's own ``http_client`` stays open)."""
        await self._client.get_async_httpx_client().aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()
