"""The Pusher facade: the official library's methods over the generated ``pusher_api`` client.

Written once, as async code in ``_async/client.py``; ``make generate`` derives its sync twin in
``_sync/client.py``. What needs no network lives in ``base.py``, and the async client's coalescing
option in ``async_client.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from types import TracebackType
from typing import Any, Self, TypeVar

import httpx
from pusher_api import Client
from pusher_api.api.channels import get_channel, get_channels, get_users
from pusher_api.api.events import trigger_batch, trigger_event
from pusher_api.api.users import terminate_user_connections
from pusher_api.models import (
    ChannelInfo,
    ChannelsList,
    EmptyBody,
    TriggerBatchBody,
    TriggerBatchResponse,
    TriggerEventBody,
    TriggerEventResponse,
    UsersList,
)

from clientsuite.pusher import rules
from clientsuite.pusher.base import PusherBase
from clientsuite.pusher.bodies import info as _info
from clientsuite.runtime import RequestOptions, acall, expect
from clientsuite.runtime.sides import attach_async

M = TypeVar("M")


class AsyncPusher(PusherBase):
    """Pusher Channels client, a drop-in for ``pusher.Pusher``."""

    _HTTPX = httpx.AsyncClient

    def _attach(self, client: Client) -> Client:
        return attach_async(client, self._config)

    async def _send(
        self,
        operation: str,
        function: Callable[..., Any],  # a generated operation's function of this side
        model: type[M],
        request_options: RequestOptions | None,
        **arguments: Any,
    ) -> M:
        """One generated operation on this app, through the runtime, narrowed to its success model."""
        result = await acall(
            operation, function, request_options, client=self._client, app_id=self.app_id, **arguments
        )
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
    ) -> dict[str, Any]:
        """Publish an event on up to 100 channels; returns the parsed response."""
        body = self._bodies.trigger(channels, event_name, data, socket_id, _info(info))
        return await self._trigger(body, request_options)

    async def _trigger(
        self, body: TriggerEventBody, request_options: RequestOptions | None
    ) -> dict[str, Any]:
        found = await self._send(
            "trigger_event", trigger_event.asyncio, TriggerEventResponse, request_options, body=body
        )
        return found.to_dict()

    async def _trigger_batch(
        self, body: TriggerBatchBody, request_options: RequestOptions | None = None
    ) -> TriggerBatchResponse:
        return await self._send(
            "trigger_batch", trigger_batch.asyncio, TriggerBatchResponse, request_options, body=body
        )

    async def send_to_user(
        self, user_id: str, event_name: str, data: Any, *, request_options: RequestOptions | None = None
    ) -> dict[str, Any]:
        """Publish an event to every connection of an authenticated user."""
        return await self.trigger(
            self._user_channel(user_id), event_name, data, request_options=request_options
        )

    async def trigger_batch(
        self,
        batch: Iterable[Mapping[str, Any]] = (),
        already_encoded: bool = False,
        *,
        request_options: RequestOptions | None = None,
    ) -> dict[str, Any]:
        """Publish up to 10 events, each on its own channel, in one request.

        ``already_encoded=True``: each event's ``data`` is sent as given (a string, sealed already
        for encrypted channels), as in the official library.
        """
        body = self._bodies.batch(batch, already_encoded)
        return (await self._trigger_batch(body, request_options)).to_dict()

    async def channels_info(
        self,
        prefix_filter: str | None = None,
        attributes: Iterable[str] = (),
        *,
        request_options: RequestOptions | None = None,
    ) -> dict[str, Any]:
        """Occupied channels, optionally those starting with ``prefix_filter``."""
        if prefix_filter is not None:
            rules.text(prefix_filter, "prefix_filter")
        found = await self._send(
            "get_channels",
            get_channels.asyncio,
            ChannelsList,
            request_options,
            filter_by_prefix=prefix_filter or None,
            info=_info(attributes) or None,
        )
        return found.to_dict()

    async def channel_info(
        self, channel: str, attributes: Iterable[str] = (), *, request_options: RequestOptions | None = None
    ) -> dict[str, Any]:
        """One channel's state: ``occupied`` and the requested attributes."""
        found = await self._send(
            "get_channel",
            get_channel.asyncio,
            ChannelInfo,
            request_options,
            channel_name=rules.channel(channel),
            info=_info(attributes) or None,
        )
        return found.to_dict()

    async def users_info(
        self, channel: str, *, request_options: RequestOptions | None = None
    ) -> dict[str, Any]:
        """The users of a presence channel."""
        found = await self._send(
            "get_users", get_users.asyncio, UsersList, request_options, channel_name=rules.channel(channel)
        )
        return found.to_dict()

    async def terminate_user_connections(
        self, user_id: str, *, request_options: RequestOptions | None = None
    ) -> dict[str, Any]:
        """Close every connection of an authenticated user."""
        found = await self._send(
            "terminate_user_connections",
            terminate_user_connections.asyncio,
            dict,
            request_options,
            user_id=rules.user_id(user_id),
            body=EmptyBody(),
        )
        return dict(found)

    async def aclose(self) -> None:
        """Close the connections this client opened (a user's own ``http_client`` stays open)."""
        await self._client.get_async_httpx_client().aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()
