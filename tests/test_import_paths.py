"""Every public name of the modules users imported before the facades were split still imports there."""

from __future__ import annotations

import importlib

import pytest

FORMER = {
    "clientsuite.pusher.client": ["Pusher", "AsyncPusher"],
    "clientsuite.metagov.client": [
        "Metagov",
        "AsyncMetagov",
        "Backoff",
        "ConcurrentChangeError",
        "ProcessTimeoutError",
        "split_name",
    ],
    "clientsuite.pluginlab.app": [
        "App",
        "AsyncApp",
        "AppAuth",
        "AsyncAppAuth",
        "AppEvent",
        "AsyncAppEvent",
        "AppMonetization",
        "AsyncAppMonetization",
        "EventLocation",
        "PaginatedMembers",
    ],
    "clientsuite.lumos.client": ["ConnectorClient", "AsyncConnectorClient", "Capability"],
    "clientsuite.schematic.client": ["Schematic"],
    "clientsuite.schematic.companies": ["Companies"],
}


@pytest.mark.parametrize("module", sorted(FORMER))
def test_former_import_paths_still_work(module: str) -> None:
    loaded = importlib.import_module(module)
    for name in FORMER[module]:
        assert getattr(loaded, name).__name__ == name.split(".")[-1]
