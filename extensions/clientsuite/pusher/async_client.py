"""``AsyncPusher``: the async facade (``_async/client.py``) plus what only asyncio has, coalescing.

``coalesce=True`` sends concurrent triggers together in batch requests (see ``coalesce.py``); a
sync client sends each trigger as it is called, so this option has no sync twin.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pusher_api.api.events import trigger_batch
from pusher_api.models import BatchEvent, TriggerBatchBody, TriggerBatchResponse, TriggerEventBody

from clientsuite.pusher import results
from clientsuite.pusher._async import client as source
from clientsuite.pusher.coalesce import TriggerCoalescer
from clientsuite.runtime import RequestOptions


class AsyncPusher(source.AsyncPusher):
    """Pusher Channels client for asyncio: the same methods as :class:`Pusher`, awaitable."""

    def __init__(self, *args: Any, coalesce: bool = False, **kwargs: Any) -> None:
        """``Pusher``'s arguments; ``coalesce=True`` sends concurrent triggers together in batch
        requests (see ``coalesce.py``)."""
        super().__init__(*args, **kwargs)
        self._coalescer = TriggerCoalescer(self._send_batch) if coalesce else None

    async def _send_batch(self, events: Sequence[BatchEvent]) -> None:
        await self._send(
            trigger_batch.asyncio, TriggerBatchResponse, None, body=TriggerBatchBody(batch=list(events))
        )

    async def _trigger(self, body: TriggerEventBody, options: RequestOptions | None) -> results.TriggerResult:
        """A trigger asking for nothing per request (no ``info``, no options) may wait to go in a batch."""
        if self._coalescer is None or body.info is not None or options is not None:
            return await super()._trigger(body, options)
        events = [
            BatchEvent(channel=channel, name=body.name, data=body.data, socket_id=body.socket_id)
            for channel in body.channels or []
        ]
        await self._coalescer.submit(events)
        return {}
