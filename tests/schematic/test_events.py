"""Identify/track go through the buffer to a real local capture server."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter

import pytest
from clientsuite.schematic import Schematic, SchematicConfig
from clientsuite.schematic.buffer import EventBuffer

from tests.fixtures.http_server import Reply, ScriptedServer


def capture_client(server: ScriptedServer, **options: object) -> Schematic:
    settings: dict[str, object] = {"event_capture_url": server.url, "event_buffer_period": 0.05} | options
    return Schematic("sch_key_123", SchematicConfig(**settings))  # type: ignore[arg-type]


def delivered(server: ScriptedServer, refused: int = 0) -> list[dict[str, object]]:
    """The events of every request the server accepted (the first ``refused`` got an error)."""
    return [event for seen in server.seen[refused:] for event in json.loads(seen.body)["events"]]


def test_ten_thousand_tracks_from_four_threads_arrive_exactly_once(scripted_server: ScriptedServer) -> None:
    client = capture_client(scripted_server)

    def produce(thread: int) -> None:
        for n in range(2500):
            client.track(f"e-{thread}-{n}", company={"id": "c"}, quantity=n)

    threads = [threading.Thread(target=produce, args=(t,)) for t in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    client.close()
    names = Counter(event["body"]["event"] for event in delivered(scripted_server))  # type: ignore[index]
    assert len(names) == 10_000 and set(names.values()) == {1}
    assert all(len(json.loads(seen.body)["events"]) <= 100 for seen in scripted_server.seen)
    assert all(seen.path == "/batch" for seen in scripted_server.seen)
    stats = client.event_stats()
    assert (stats.delivered, stats.dropped, stats.pending) == (10_000, 0, 0)


def test_wire_format(scripted_server: ScriptedServer) -> None:
    client = capture_client(scripted_server)
    client.identify(
        {"user_id": "u1"}, company={"keys": {"id": "c1"}, "name": "Acme"}, name="Wile", traits={"n": 1}
    )
    client.track("some-action", user={"user_id": "u1"}, company={"id": "c1"}, quantity=10)
    assert client.flush()
    identify, track = delivered(scripted_server)
    assert identify["type"] == "identify" and identify["api_key"] == "sch_key_123"
    assert identify["body"] == {
        "keys": {"user_id": "u1"},
        "company": {"keys": {"id": "c1"}, "name": "Acme"},
        "name": "Wile",
        "traits": {"n": 1},
    }
    assert track["body"] == {
        "event": "some-action",
        "quantity": 10,
        "company": {"id": "c1"},
        "user": {"user_id": "u1"},
        "traits": None,
    }
    # As the official SDK: sent_at only when the caller gives it (TrackOptions), quantity only when given.
    assert "sent_at" not in track
    assert scripted_server.seen[0].headers["X-Schematic-Api-Key"] == "sch_key_123"
    client.close()


def test_outage_loses_nothing_that_fits_the_bound(scripted_server: ScriptedServer) -> None:
    # The server refuses every request for a while: several flush periods pass.
    scripted_server.enqueue(*(Reply(503, {"error": "down"}) for _ in range(4)))
    client = capture_client(scripted_server, max_retries=0, max_buffered_events=1000)
    for n in range(600):
        client.track(f"e{n}")
    deadline = time.monotonic() + 5
    while client.event_stats().failed_attempts < 4 and time.monotonic() < deadline:
        time.sleep(0.05)  # four failed flushes, backing off 0.05, 0.1, 0.2, 0.4 s
    assert client.event_stats().failed_attempts == 4
    client.close()
    names = Counter(event["body"]["event"] for event in delivered(scripted_server, refused=4))  # type: ignore[index]
    assert sorted(names) == sorted(f"e{n}" for n in range(600)) and set(names.values()) == {1}
    assert client.event_stats().dropped == 0


def test_bound_drops_oldest_and_counts() -> None:
    sent: list[list[int]] = []
    buffer: EventBuffer[int] = EventBuffer(sent.append, max_batch=10, max_buffered=20, start=False)
    for n in range(50):
        buffer.push(n)
    assert buffer.stats().dropped == 30
    assert buffer.flush()
    assert [n for batch in sent for n in batch] == list(range(30, 50))
    assert all(len(batch) <= 10 for batch in sent)


def test_failed_batch_is_retried_in_order() -> None:
    calls: list[list[int]] = []

    def flaky(batch: list[int]) -> None:
        calls.append(list(batch))
        if len(calls) == 1:
            raise ConnectionError("down")

    buffer: EventBuffer[int] = EventBuffer(flaky, max_batch=3, max_buffered=100, start=False)
    for n in range(5):
        buffer.push(n)
    assert buffer.flush()
    assert calls == [[0, 1, 2], [0, 1, 2], [3, 4]]
    assert buffer.stats().failed_attempts == 1


def test_close_delivers_the_tail_and_refuses_new_events(scripted_server: ScriptedServer) -> None:
    client = capture_client(scripted_server, event_buffer_period=60)
    for n in range(7):
        client.track(f"tail{n}")
    assert scripted_server.seen == []  # not a full batch, the period is long: still buffered
    client.close()
    assert len(delivered(scripted_server)) == 7
    with pytest.raises(RuntimeError, match="closed"):
        client.track("late")


def test_context_manager_flushes(scripted_server: ScriptedServer) -> None:
    with capture_client(scripted_server, event_buffer_period=60) as client:
        client.track("inside")
    assert [e["body"]["event"] for e in delivered(scripted_server)] == ["inside"]  # type: ignore[index]


@pytest.mark.parametrize(("args", "error"), [(("",), ValueError), (("ok", None, None, None, -1), ValueError)])
def test_invalid_events(args: tuple[object, ...], error: type[Exception]) -> None:
    client = Schematic("k", SchematicConfig(offline=True))
    with pytest.raises(error):
        client.track(*args)  # type: ignore[arg-type]
    client.close()
