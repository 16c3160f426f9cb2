"""Code written as the official README shows runs unchanged on the suite, only the imports differ.

``official_readme_script.txt`` holds the README's examples. It runs twice against one recording
loopback server: once as written, on the official SDK (the control: the text is valid for it), and
once with ``schematic`` imports pointing at ``clientsuite.schematic``. Both must send the same API
requests and end with the README's promised result.
"""

from __future__ import annotations

import gc
import json
import re
import time
from pathlib import Path
from typing import Any

import clientsuite.schematic as ours
import clientsuite.schematic.config as our_config
import pytest
import schematic.base_client as official_base
import schematic.client as official
import schematic.event_capture as official_capture

from tests.schematic.examples import example
from tests.schematic.recording_server import RecordingServer, recording_server

__all__ = ["recording_server"]

SCRIPT = (Path(__file__).parent / "official_readme_script.txt").read_text()
IMPORTS = re.compile(r"^(from|import) schematic\b", re.MULTILINE)


def suite_version(text: str) -> str:
    """The one change: ``schematic`` imports become ``clientsuite.schematic`` ones."""
    text = IMPORTS.sub(lambda m: f"{m.group(1)} clientsuite.schematic", text)
    # ``import schematic.core`` binds ``schematic``; the suite's twin binds it the same way.
    return text.replace("import clientsuite.schematic.core", "from clientsuite import schematic")


def _clients() -> set[int]:
    return {id(o) for o in gc.get_objects() if isinstance(o, official.Schematic | ours.Schematic)}


def _run(text: str, server: RecordingServer) -> tuple[dict[str, Any], list[Any], list[Any]]:
    """Run the script, then shut down the clients it made (as its process's exit would)."""
    server.take()
    before = _clients()
    namespace: dict[str, Any] = {"__name__": "readme", "true": True, "false": False}
    exec(compile(text, "official_readme_script", "exec"), namespace)
    made = [o for o in gc.get_objects() if isinstance(o, official.Schematic | ours.Schematic)]
    for client in made:
        if id(client) not in before:
            client.shutdown()
    recorded = server.take()
    api = [(r.method, r.path, r.json()) for r in recorded if r.path != "/batch"]
    events = [event for r in recorded if r.path == "/batch" for event in r.json()["events"]]
    return (
        namespace,
        sorted(api, key=lambda item: json.dumps(item, sort_keys=True)),
        sorted(events, key=lambda item: json.dumps(item, sort_keys=True)),
    )


@pytest.fixture
def served(recording_server: RecordingServer, monkeypatch: pytest.MonkeyPatch) -> RecordingServer:
    url = recording_server.url
    monkeypatch.setattr(our_config, "DEFAULT_BASE_URL", url)
    monkeypatch.setattr(our_config, "DEFAULT_EVENT_CAPTURE_URL", url)
    monkeypatch.setattr(official_base, "_get_base_url", lambda **_: url)
    monkeypatch.setattr(official_capture, "DEFAULT_EVENT_CAPTURE_BASE_URL", url)
    recording_server.bodies = {
        "capture_events": {},
        "check_flag": example("check_flag"),
        "get_company": example("get_company"),
        "upsert_company": example("upsert_company"),
        "upsert_user": example("upsert_user"),
    }
    return recording_server


def test_only_imports_change() -> None:
    changed = [
        (a, b) for a, b in zip(SCRIPT.splitlines(), suite_version(SCRIPT).splitlines(), strict=True) if a != b
    ]
    assert changed and all(re.match(r"(from|import) ", a) and "clientsuite" in b for a, b in changed)


def test_readme_script_runs_unchanged_on_the_suite(served: RecordingServer) -> None:
    official_ns, official_api, official_events = _run(SCRIPT, served)
    ours_ns, our_api, our_events = _run(suite_version(SCRIPT), served)
    assert type(ours_ns["client"]).__module__.startswith("clientsuite.schematic")
    assert our_api == official_api
    assert our_events == official_events and [e["type"] for e in our_events].count("track") == 2
    assert sorted(path for _, path, _ in our_api) == [
        "/companies",
        "/companies/company_id",
        "/flags/some-flag-key/check",
        "/users",
    ]
    # The README's last line: an offline client answers from its defaults.
    assert (
        ours_ns["client"].check_flag("some-flag-key")
        is official_ns["client"].check_flag("some-flag-key")
        is True
    )
    assert ours_ns["verify_webhook_manually"]("{}", "bad", str(int(time.time())), "secret") is False
