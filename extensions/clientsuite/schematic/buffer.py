"""A bounded, batching event buffer that never blocks its callers on the network.

Producers append to a deque (one atomic step). A background thread sends batches of at most
``max_batch`` events every ``period`` seconds, or as soon as a full batch is waiting. A batch
the server certainly did not process (connect error, 429, 503) goes back to the front and is
retried with exponential backoff while new events keep arriving. A batch it may have processed
(a read timeout, a 5xx) is not sent again, since the capture service does not deduplicate
batches: it is counted as ``possibly_delivered``. A batch refused with a 4xx is counted as
``rejected``. The bound is kept by dropping the *oldest* events, and every drop is counted.
``close()`` and the interpreter-exit flush end within ``close_timeout`` whatever the server does.
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

from clientsuite.errors import NOT_PROCESSED_STATUS, ApiError, may_have_been_processed
from clientsuite.runtime.deadlines import deadline
from clientsuite.schematic.base import DEFAULT_CLOSE_TIMEOUT

logger = logging.getLogger("clientsuite.events")

E = TypeVar("E")


@attrs.define
class BufferStats:
    """What happened to the events so far; read it with :meth:`EventBuffer.stats`."""

    delivered: int = 0
    dropped: int = 0
    failed_attempts: int = 0
    pending: int = 0  # after close(): the events that were not delivered
    possibly_delivered: int = 0  # sent, but the answer was lost (timeout, 5xx): not re-sent
    rejected: int = 0  # refused by the service with a 4xx: not re-sent


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

    def _deliver(self, *, ignore_backoff: bool, wait: float = -1) -> bool:
        """Send whole batches until the buffer is empty or a send fails; True when empty.

        ``wait`` bounds how long to wait for a batch another thread has in flight (-1: forever).
        """
        if not self._sending.acquire(timeout=wait):
            return False
        try:
            while self._pending:
                if not ignore_backoff and self._clock() < self._retry_at:
                    return False
                batch = self._take()
                if not batch:
                    break
                try:
                    self._send(batch)
                except Exception as error:
                    if self._settle(batch, error):
                        continue
                    self._requeue(batch, error)
                    return False
                with self._counting:
                    self._stats.delivered += len(batch)
                if self._failures:
                    logger.info("event delivery recovered after %d failed attempts", self._failures)
                    self._failures = 0
            return True
        finally:
            self._sending.release()

    def _settle(self, batch: list[E], error: Exception) -> bool:
        """Count a batch that must not be sent again; False when it should be retried."""
        if may_have_been_processed(error):
            with self._counting:
                self._stats.possibly_delivered += len(batch)
            logger.warning(
                "%d events may have been delivered (%s): not sent again, the capture service "
                "does not deduplicate batches",
                len(batch),
                type(error).__name__,
            )
            return True
        status = error.status_code if isinstance(error, ApiError) else None
        if status is not None and status < 500 and status not in NOT_PROCESSED_STATUS:
            with self._counting:
                self._stats.rejected += len(batch)
            logger.error("%d events rejected by the capture service (HTTP %d)", len(batch), status)
            return True
        return False

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

    def flush(self, attempts: int = 3, timeout: float | None = None) -> bool:
        """Deliver everything buffered now, retrying a failed batch a few times; True when empty.

        With ``timeout``, every request it makes and every wait ends within that many seconds.
        """
        end = None if timeout is None else time.monotonic() + timeout
        with deadline(timeout):
            for attempt in range(attempts):
                left = -1.0 if end is None else end - time.monotonic()
                if end is not None and left <= 0:
                    break
                if self._deliver(ignore_backoff=True, wait=left):
                    return True
                pause = min(1.0, 0.1 * 2**attempt)
                if attempt + 1 < attempts and (end is None or time.monotonic() + pause < end):
                    time.sleep(pause)
        return not self._pending

    def close(self, timeout: float | None = DEFAULT_CLOSE_TIMEOUT) -> bool:
        """Stop the worker and deliver the tail within ``timeout`` seconds; True when nothing was left.

        Events still buffered after it are counted in ``stats().pending`` and logged.
        """
        if self._closed:
            return not self._pending
        self._closed = True
        self._wake.set()
        end = None if timeout is None else time.monotonic() + timeout
        if self._worker is not None and self._worker is not threading.current_thread():
            join = self.period + 5 if end is None else max(0.0, min(self.period + 5, end - time.monotonic()))
            self._worker.join(join)
        left = None if end is None else max(0.0, end - time.monotonic())
        delivered = self.flush(timeout=left) if left is None or left > 0 else not self._pending
        if not delivered:
            logger.error(
                "%d events could not be delivered before closing (see event_stats())", len(self._pending)
            )
        return delivered


def _close_at_exit(buffer: EventBuffer[Any]) -> None:
    """Flush at interpreter exit without keeping the buffer alive until then."""
    ref = weakref.ref(buffer)

    def close() -> None:
        live = ref()
        if live is not None:
            live.close()

    atexit.register(close)
