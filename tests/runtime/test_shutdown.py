"""Schematic's close() and exit flush end in bounded time and never send a batch twice."""

from __future__ import annotations

import json
import time

from clientsuite.schematic import Schematic, SchematicConfig
from clientsuite.schematic.buffer import EventBuffer

from tests.fixtures.http_server import Reply, ScriptedServer


def test_close_while_the_capture_service_hangs(scripted_server: ScriptedServer) -> None:
    scripted_server.enqueue(Reply(200, {}, delay=8.0))
    client = Schematic(
        "sch_key", SchematicConfig(event_capture_url=scripted_server.url, event_buffer_period=60)
    )
    for n in range(3):
        client.track(f"e{n}")
    started = time.monotonic()
    client.close(timeout=1.0)
    assert time.monotonic() - started < 2.5  # it was one read timeout per retry of the batch
    assert len(scripted_server.seen) == 1  # sent once: a read timeout may mean it was processed
    assert len(json.loads(scripted_server.seen[0].body)["events"]) == 3
    stats = client.event_stats()
    assert stats.possibly_delivered == 3 and stats.pending == 0 and stats.delivered == 0


def test_close_while_the_service_refuses_keeps_count(scripted_server: ScriptedServer) -> None:
    scripted_server.enqueue(*(Reply(503, {"error": "down"}) for _ in range(50)))
    client = Schematic(
        "sch_key",
        SchematicConfig(event_capture_url=scripted_server.url, event_buffer_period=60, max_retries=0),
    )
    client.track("kept")
    started = time.monotonic()
    client.close(timeout=0.5)
    assert time.monotonic() - started < 2.0
    stats = client.event_stats()
    assert stats.pending == 1 and stats.possibly_delivered == 0  # 503: not processed, not delivered


def test_rejected_batch_is_not_retried_forever(scripted_server: ScriptedServer) -> None:
    scripted_server.enqueue(Reply(400, {"error": "bad batch"}))
    client = Schematic(
        "sch_key", SchematicConfig(event_capture_url=scripted_server.url, event_buffer_period=60)
    )
    client.track("bad")
    client.close(timeout=2)
    assert len(scripted_server.seen) == 1
    assert client.event_stats().rejected == 1 and client.event_stats().pending == 0


def test_buffer_close_waits_no_longer_than_its_timeout() -> None:
    def stuck(batch: list[int]) -> None:
        time.sleep(3)

    buffer: EventBuffer[int] = EventBuffer(stuck, period=0.01, max_batch=1, max_buffered=10)
    buffer.push(1)
    time.sleep(0.1)  # the worker is now inside the stuck send
    buffer.push(2)
    started = time.monotonic()
    assert buffer.close(timeout=0.5) is False
    assert time.monotonic() - started < 1.5
    assert buffer.stats().pending == 1


def test_interpreter_exit_flush_is_bounded(scripted_server: ScriptedServer) -> None:
    """The atexit flush, with a capture service that never answers: the process still exits promptly."""
    import subprocess
    import sys

    scripted_server.enqueue(*(Reply(200, {}, delay=30.0) for _ in range(5)))
    script = (
        "from clientsuite.schematic import Schematic, SchematicConfig\n"
        f"c = Schematic('sch_key', SchematicConfig(event_capture_url='{scripted_server.url}',"
        " event_buffer_period=60))\n"
        "c.track('at-exit')\n"
    )
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    elapsed = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert elapsed < 5.0 + 4.0  # the 5 s close bound plus interpreter start-up on a busy machine
    assert len(scripted_server.seen) == 1  # the batch went out once, and was not re-sent
