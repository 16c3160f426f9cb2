"""The deliberate differences from the official SDK (``KNOWN``): each one's suite side, tested.

Every entry of ``KNOWN`` has a test here or in test_parity.py and a row in the "Known differences"
table of docs/schematic.md; a difference nobody listed fails the parity tests instead.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import clientsuite.schematic as ours
import httpx
import pytest
import schematic.client as official
from schematic.companies.types import GetCompanyResponse

from tests.schematic.parity_support import KNOWN, wire
from tests.schematic.recording_server import RecordingServer, recording_server

__all__ = ["recording_server"]

HERE = Path(__file__).parent
DOCS = HERE.parents[1] / "docs" / "schematic.md"


def _clients(url: str) -> tuple[official.Schematic, ours.Schematic]:
    theirs = official.Schematic("k", official.SchematicConfig(base_url=url, event_capture_url=url))
    mine = ours.Schematic("k", ours.SchematicConfig(base_url=url, event_capture_url=url, max_retries=0))
    return theirs, mine


@pytest.mark.parametrize("key", sorted(KNOWN))
def test_each_difference_is_tested_and_documented(key: str) -> None:
    tests = (HERE / "test_parity.py").read_text() + Path(__file__).read_text()
    assert f'KNOWN["{key}"]' in tests
    assert f"`{key}`" in DOCS.read_text()


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.identify({}),
        lambda c: c.track(""),
        lambda c: c.track("some-action", quantity=-1),
    ],
    ids=["identify-no-keys", "track-no-name", "negative-quantity"],
)
def test_bad_input_raises(
    recording_server: RecordingServer, call: object, caplog: pytest.LogCaptureFixture
) -> None:
    """KNOWN["bad-input-raises"]."""
    recording_server.bodies = {"capture_events": {}}
    theirs, mine = _clients(recording_server.url)
    try:
        with caplog.at_level(logging.ERROR):
            call(theirs)  # type: ignore[operator]
        with pytest.raises((TypeError, ValueError)):
            call(mine)  # type: ignore[operator]
    finally:
        theirs.shutdown()
        mine.shutdown()


def test_api_key_required() -> None:
    """KNOWN["api-key-required"]."""
    official.Schematic("").shutdown()
    with pytest.raises(ValueError, match="api_key"):
        ours.Schematic("")
    ours.Schematic("", ours.SchematicConfig(offline=True)).close()


def test_credit_leases_datastream() -> None:
    """KNOWN["credit-leases-datastream"]: refused at configuration, not silently ignored."""
    assert official.SchematicConfig(credit_leases=official.CreditLeaseConfig()).credit_leases is not None
    with pytest.raises(NotImplementedError, match="credit_leases"):
        ours.SchematicConfig(credit_leases=official.CreditLeaseConfig())
    with pytest.raises(NotImplementedError, match="DataStream"):
        ours.AsyncSchematicConfig(use_datastream=True)
    assert not hasattr(ours.Schematic, "track_with_reservation") and not hasattr(ours.Schematic, "check")


def test_explicit_none_omitted(recording_server: RecordingServer) -> None:
    """KNOWN["explicit-none-omitted"]."""
    recording_server.bodies = {"upsert_company": wire(GetCompanyResponse)}
    theirs, mine = _clients(recording_server.url)
    recording_server.take()
    for client in (theirs, mine):
        client.companies.upsert_company(keys={"id": "c1"}, name=None)
        client.shutdown()
    official_body, our_body = (json.loads(r.body) for r in recording_server.take())
    assert official_body == {"keys": {"id": "c1"}, "name": None}
    assert our_body == {"keys": {"id": "c1"}}


def test_redirect_drops_key() -> None:
    """KNOWN["redirect-drops-key"]: followed, as the official default, without the key on another host."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.host == "api.example":
            return httpx.Response(307, headers={"Location": "https://elsewhere.example/companies/c1"})
        return httpx.Response(200, json=wire(GetCompanyResponse))

    transport = httpx.Client(transport=httpx.MockTransport(handler))
    config = ours.SchematicConfig(base_url="https://api.example", httpx_client=transport, max_retries=0)
    with ours.Schematic("sch_secret_key", config) as client:
        client.companies.get_company("c1")
    assert [r.url.host for r in seen] == ["api.example", "elsewhere.example"]
    assert seen[0].headers["x-schematic-api-key"] == "sch_secret_key"
    assert "x-schematic-api-key" not in seen[1].headers
    transport.close()


def test_free_form_objects_are_dicts_as_in_the_official_sdk(recording_server: RecordingServer) -> None:
    """Traits and other free-form objects are plain dicts on both sides."""
    body = wire(GetCompanyResponse, data=wire(GetCompanyResponse)["data"] | {"traits": {"city": "Atlanta"}})
    recording_server.bodies = {"get_company": body}
    theirs, mine = _clients(recording_server.url)
    try:
        official_traits = theirs.companies.get_company("c1").data.traits
        our_traits = mine.companies.get_company("c1").data.traits
    finally:
        theirs.shutdown()
        mine.shutdown()
    assert official_traits == {"city": "Atlanta"} and isinstance(official_traits, dict)
    assert our_traits == official_traits and isinstance(our_traits, dict)
