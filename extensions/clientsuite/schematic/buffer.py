"""A bounded, batching event buffer that never blocks its callers on the network.

Producers append to a deque (one atomic step). A background thread sends batches of at most
``max_batch`` events every ``period`` seconds, or as soon as a full batch is waiting. A batch
that fails goes back to the front and is retried with exponential backoff while new events keep
arriving. The bound is kept by dropping the *oldest* events, and every drop is counted.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

import attrs

logger = logging.getLogger("clientsuite.events")

E = TypeVar("E")


@attrs.define
class BufferStats:
    """What happened to the events so far; read it with :meth:`EventBuffer.stats`."""

    delivered: int = 0
    dropped: int = 0
    failed_attempts: int = 0
    pending: int = 0


class EventBuffer(Generic[E]):
    def __init__(
        self,
        send: Callable[[Sequence[E]], Any],
        *,
        period: float = 5.0,
        max_batch: int = 100,
        max_buffered: int = 10_000,
        max_backoff: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        start: bool = True,
    ) -> None:
        if max_batch < 1 or max_buffered < max_batch:
            raise ValueError("need 1 <= max_batch <= max_buffered")
        self._send = send
        self.period = period
        self.max_batch = max_batch
        self.max_buffered = max_buffered
        self.max_backoff = max_backoff
        self._clock = clock
        self._pending: deque[E] = deque()
        self._wake = threading.Event()
        self._sending = threading.Lock()  # one batch in flight at a time keeps order and counts right
        self._counting = threading.Lock()
        self._stats = BufferStats()
        self._failures = 0
        self._retry_at = 0.0
        self._closed = False
        self._worker: threading.Thread | None = None
        if start:
            self._worker = threading.Thread(target=self._run, name="clientsuite-events", daemon=True)
            self._worker.start()
        _close_at_exit(self)

    def push(self, event: E) -> None:
        """Buffer one event; drops (and counts) the oldest when the bound is reached."""
        if self._closed:
            raise RuntimeError("this client is closed; events can no longer be buffered")
        pending = self._pending
        pending.append(event)
        size = len(pending)
        if size > self.max_buffered:
            self._drop_oldest()
        elif size >= self.max_batch:
            self._wake.set()

    def _drop_oldest(self) -> None:
        with self._counting:
            while len(self._pending) > self.max_buffered:
                try:
                    self._pending.popleft()
                except IndexError:
                    break
                self._stats.dropped += 1
                if self._stats.dropped == 1 or self._stats.dropped % 1000 == 0:
                    logger.warning("event buffer full: %d oldest events dropped so far", self._stats.dropped)

    def stats(self) -> BufferStats:
        with self._counting:
            return attrs.evolve(self._stats, pending=len(self._pending))

    def _take(self) -> list[E]:
        batch: list[E] = []
        pending = self._pending
        while len(batch) < self.max_batch:
            try:
                batch.append(pending.popleft())
            except IndexError:
                break
        return batch

    def _deliver(self, *, ignore_backoff: bool) -> bool:
        """Send whole batches until the buffer is empty or a send fails; True when empty."""
        with self._sending:
            while self._pending:
                if not ignore_backoff and self._clock() < self._retry_at:
                    return False
                batch = self._take()
                if not batch:
                    break
                try:
                    self._send(batch)
                except Exception as error:
                    self._requeue(batch, error)
                    return False
                with self._counting:
                    self._stats.delivered += len(batch)
                if self._failures:
                    logger.info("event delivery recovered after %d failed attempts", self._failures)
                    self._failures = 0
            return True

    def _requeue(self, batch: list[E], error: Exception) -> None:
        self._pending.extendleft(reversed(batch))
        self._drop_oldest()
        self._failures += 1
        with self._counting:
            self._stats.failed_attempts += 1
        delay = min(self.max_backoff, self.period * 2 ** (self._failures - 1))
        self._retry_at = self._clock() + delay
        if self._failures == 1:  # once per outage, not once per attempt
            logger.warning("event delivery failed (%s); retrying with backoff", type(error).__name__)

    def _run(self) -> None:
        while not self._closed:
            self._wake.wait(self.period)
            self._wake.clear()
            if not self._closed:
                self._deliver(ignore_backoff=False)

    def flush(self, attempts: int = 3) -> bool:
        """Deliver everything buffered now, retrying a failed batch a few times; True when empty."""
        for attempt in range(attempts):
            if self._deliver(ignore_backoff=True):
                return True
            if attempt + 1 < attempts:
                time.sleep(min(1.0, 0.1 * 2**attempt))
        return not self._pending

    def close(self) -> bool:
        """Stop the worker and deliver the tail; True when nothing was left behind."""
        if self._closed:
            return not self._pending
        self._closed = True
        self._wake.set()
        if self._worker is not None and self._worker is not threading.current_thread():
            self._worker.join(self.period + 5)
        delivered = self.flush()
        if not delivered:
            logger.error("%d events could not be delivered before closing", len(self._pending))
        return delivered


def _close_at_exit(buffer: EventBuffer[Any]) -> None:
    """Flush at interpreter exit without keeping the buffer alive until then."""
    ref = weakref.ref(buffer)

    def close() -> None:
        live = ref()
        if live is not None:
            live.close()

    atexit.register(close)
