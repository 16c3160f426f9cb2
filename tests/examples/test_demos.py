"""Every ``make demo`` script runs offline and shows what each call returned."""

from __future__ import annotations

import httpx
import pytest
from rich.console import Console

from examples import demo, demo_lumos, demo_metagov, demo_pluginlab, demo_pusher, demo_schematic


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a demo tried to use the network")

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", refuse)
    monkeypatch.setattr(httpx.AsyncHTTPTransport, "handle_async_request", refuse)


def console() -> Console:
    return Console(record=True, width=140, color_system=None)


def test_pusher() -> None:
    out = console()
    result = demo_pusher.run(out)
    assert result["plain"] == {"message": "hello world"}
    assert "shared_secret" in result["auth"] and result["forged"] is None
    assert result["webhook"]["events"][0]["name"] == "channel_occupied"
    assert "Pusher Channels" in out.export_text()


def test_schematic() -> None:
    result = demo_schematic.run(console())
    assert (result["on"], result["off"], result["cached"]) == (True, False, True)
    assert result["delivered"] == 4 and result["company"] == "Acme Widgets, Inc."


def test_pluginlab() -> None:
    result = demo_pluginlab.run(console())
    assert result["uid"] == "mem_1" and result["refused"].endswith("expired") and result["usage"] == 42


def test_metagov() -> None:
    result = demo_metagov.run(console())
    assert result == {
        "community": "my-community-1234",
        "result": {"result": 10},
        "status": "completed",
        "winner": "yes",
    }


def test_lumos() -> None:
    result = demo_lumos.run(console())
    assert result["accounts"] == ["ada@acme.com", "alan@acme.com", "grace@acme.com"]
    assert result["error"].startswith("ConnectorNotFoundError: github.not_found")


def test_make_demo_entry_point(capsys: pytest.CaptureFixture[str]) -> None:
    assert demo.main() == 0
    assert "nothing was sent over the network" in capsys.readouterr().out
