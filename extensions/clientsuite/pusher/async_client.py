"""``AsyncPusher``: ``Pusher``'s methods for asyncio, over the same generated operations."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from types import TracebackType
from typing import Any, Self

from pusher_api.api.channels import get_channel, get_channels, get_users
from pusher_api.api.events import trigger_batch, trigger_event
from pusher_api.api.users import terminate_user_connections
from pusher_api.models import (
    BatchEvent,
    ChannelInfo,
    ChannelsList,
    EmptyBody,
    TriggerBatchBody,
    TriggerBatchResponse,
    TriggerEventResponse,
    UsersList,
)

from clientsuite.pusher import rules
from clientsuite.pusher.bodies import info as _info
from clientsuite.pusher.client import _PusherBase
from clientsuite.pusher.coalesce import TriggerCoalescer
from clientsuite.runtime import RequestOptions, acall, expect


class AsyncPusher(_PusherBase):
    """Pusher Channels client for asyncio: the same methods as :class:`Pusher`, awaitable."""

    _ASYNC = True

    def __init__(self, *args: Any, coalesce: bool = False, **kwargs: Any) -> None:
        """``Pusher``'s arguments; ``coalesce=True`` sends concurrent triggers together in batch
        requests (see ``coalesce.py``)."""
        super().__init__(*args, **kwargs)
        self._coalescer = TriggerCoalescer(self._send_batch) if coalesce else None

    async def _send_batch(self, events: Sequence[BatchEvent]) -> None:
        result = await acall(
            "trigger_batch",
            trigger_batch.asyncio,
            client=self._client,
            app_id=self.app_id,
            body=TriggerBatchBody(batch=list(events)),
        )
        expect("trigger_batch", result, TriggerBatchResponse)

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
        body = self._bodies.trigger(channels, event_name, data, socket_id, _info(info))
        if self._coalescer is not None and body.info is None and request_options is None:
            events = [
                BatchEvent(channel=channel, name=body.name, data=body.data, socket_id=body.socket_id)
                for channel in body.channels or []
            ]
            await self._coalescer.submit(events)
            return {}
        result = await acall(
            "trigger_event",
            trigger_event.asyncio,
            request_options,
            client=self._client,
            app_id=self.app_id,
            body=body,
        )
        return expect("trigger_event", result, TriggerEventResponse).to_dict()

    async def send_to_user(
        self, user_id: str, event_name: str, data: Any, *, request_options: RequestOptions | None = None
    ) -> dict[str, Any]:
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
        body = self._bodies.batch(batch, already_encoded)
        result = await acall(
            "trigger_batch",
            trigger_batch.asyncio,
            request_options,
            client=self._client,
            app_id=self.app_id,
            body=body,
        )
        return expect("trigger_batch", result, TriggerBatchResponse).to_dict()

    async def channels_info(
        self,
        prefix_filter: str | None = None,
        attributes: Iterable[str] = (),
        *,
        request_options: RequestOptions | None = None,
    ) -> dict[str, Any]:
        if prefix_filter is not None:
            rules.text(prefix_filter, "prefix_filter")
        result = await acall(
            "get_channels",
            get_channels.asyncio,
            request_options,
            client=self._client,
            app_id=self.app_id,
            filter_by_prefix=prefix_filter or None,
            info=_info(attributes) or None,
        )
        return expect("get_channels", result, ChannelsList).to_dict()

    async def channel_info(
        self, channel: str, attributes: Iterable[str] = (), *, request_options: RequestOptions | None = None
    ) -> dict[str, Any]:
        result = await acall(
            "get_channel",
            get_channel.asyncio,
            request_options,
            client=self._client,
            app_id=self.app_id,
            channel_name=rules.channel(channel),
            info=_info(attributes) or None,
        )
        return expect("get_channel", result, ChannelInfo).to_dict()

    async def users_info(
        self, channel: str, *, request_options: RequestOptions | None = None
    ) -> dict[str, Any]:
        result = await acall(
            "get_users",
            get_users.asyncio,
            request_options,
            client=self._client,
            app_id=self.app_id,
            channel_name=rules.channel(channel),
        )
        return expect("get_users", result, UsersList).to_dict()

    async def terminate_user_connections(
        self, user_id: str, *, request_options: RequestOptions | None = None
    ) -> dict[str, Any]:
        result = await acall(
            "terminate_user_connections",
            terminate_user_connections.asyncio,
            request_options,
            client=self._client,
            app_id=self.app_id,
            user_id=rules.user_id(user_id),
            body=EmptyBody(),
        )
        return dict(expect("terminate_user_connections", result, dict))

    async def aclose(self) -> None:
        await self._client.get_async_httpx_client().aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()
