"""Opt-in coalescing of concurrent ``AsyncPusher.trigger`` calls into batch requests.

When many triggers are in flight at once (a fan-out in an async app), sending each as its own
request spends most of the time on per-request overhead. With ``coalesce=True``, triggers that
arrive while others are being sent wait a moment in a queue and go out together, up to 10 events
per ``batch_events`` request (the API's limit), over at most ``senders`` requests in flight.

What changes for the caller: each trigger still awaits its own delivery and gets ``{}`` back, but a
refused batch fails every trigger in it with the same error. Triggers asking for ``info`` (per-channel
attributes) are never coalesced.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from pusher_api.models import BatchEvent

from clientsuite.pusher.rules import MAX_EVENTS_PER_BATCH

Send = Callable[[Sequence[BatchEvent]], Awaitable[Any]]


class TriggerCoalescer:
    def __init__(self, send: Send, senders: int = 4) -> None:
        self._send = send
        self._senders = senders
        self._active = 0
        self._queue: deque[tuple[list[BatchEvent], asyncio.Future[None]]] = deque()

    async def submit(self, events: list[BatchEvent]) -> None:
        """Queue one trigger's events (one per channel) and wait until they were delivered."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queue.append((events, future))
        if self._active < self._senders:
            self._active += 1
            asyncio.get_running_loop().create_task(self._drain())
        await future

    def _take(self) -> list[tuple[list[BatchEvent], asyncio.Future[None]]]:
        taken: list[tuple[list[BatchEvent], asyncio.Future[None]]] = []
        count = 0
        while self._queue and count + len(self._queue[0][0]) <= MAX_EVENTS_PER_BATCH:
            entry = self._queue.popleft()
            taken.append(entry)
            count += len(entry[0])
        if not taken and self._queue:  # one trigger larger than a batch: send it alone
            taken.append(self._queue.popleft())
        return taken

    async def _drain(self) -> None:
        try:
            while self._queue:
                taken = self._take()
                try:
                    await self._send([event for events, _ in taken for event in events])
                except Exception as error:
                    for _, future in taken:
                        if not future.done():
                            future.set_exception(error)
                else:
                    for _, future in taken:
                        if not future.done():
                            future.set_result(None)
        finally:
            self._active -= 1
