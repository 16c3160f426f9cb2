"""Parity with the official ``schematichq`` SDK, which is the oracle here.

Every call below runs once through the official client and once through the suite against one
recording loopback server. Each aspect of each request (method, path, query, auth header, content
type, JSON body) and each field of each answer is its own test case. Answers are built from the
official SDK's response models. The deliberate differences are in ``KNOWN`` and in the migration
table of docs/schematic.md; their tests check the suite's documented behaviour.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import types
from collections.abc import Callable
from typing import Any

import clientsuite.schematic as ours
import pytest
import schematic.client as official
from schematic.companies.types import GetCompanyResponse, GetUserResponse, ListCompaniesResponse
from schematic.features.types import CheckFlagResponse, CheckFlagsResponse

from tests.schematic.parity_support import differences, wire
from tests.schematic.recording_server import Recorded, RecordingServer, recording_server

__all__ = ["recording_server"]

KEY = "sch_parity_key_1"
SENT = dt.datetime(2024, 6, 1, 8, 30, tzinfo=dt.UTC)
COMPANY = {"id": "your-company-id"}
USER = {"user_id": "your-user-id"}
Call = Callable[[Any, Any], Any]  # (sdk namespace, client) -> result


def _sdk(module: Any) -> Any:
    names = ("CheckFlagOptions", "EventUsage", "TrackOptions", "IdentifyOptions")
    found = {name: getattr(module, name) for name in names}
    found["EventBodyIdentifyCompany"] = getattr(module, "EventBodyIdentifyCompany", None)
    return types.SimpleNamespace(**found)


OFFICIAL_SDK = _sdk(official)
OFFICIAL_SDK.EventBodyIdentifyCompany = official.EventBodyIdentifyCompany
OUR_SDK = _sdk(ours)


def official_client(url: str, mode: str = "sync") -> Any:
    if mode == "async":
        config = official.AsyncSchematicConfig(base_url=url, event_capture_url=url, cache_providers=[])
        return official.AsyncSchematic(KEY, config)
    return official.Schematic(
        KEY, official.SchematicConfig(base_url=url, event_capture_url=url, cache_providers=[])
    )


def our_client(url: str, mode: str = "sync") -> Any:
    if mode == "async":
        config = ours.AsyncSchematicConfig(
            base_url=url, event_capture_url=url, cache_providers=[], max_retries=0
        )
        return ours.AsyncSchematic(KEY, config)
    config = ours.SchematicConfig(base_url=url, event_capture_url=url, cache_providers=[], max_retries=0)
    return ours.Schematic(KEY, config)


async def _async_call(make: Callable[[str, str], Any], url: str, call: Call, sdk: Any) -> Any:
    client = make(url, "async")
    try:
        await client.initialize()
        return await call(sdk, client)
    finally:
        await client.shutdown()


# -- the calls ---------------------------------------------------------------------------------

REQUESTS: dict[str, Call] = {
    "check_flag": lambda sdk, c: c.check_flag("some-flag-key", company=COMPANY, user=USER),
    "check_flag_company_only": lambda sdk, c: c.check_flag("some-flag-key", company=COMPANY),
    "check_flag_no_keys": lambda sdk, c: c.check_flag("some-flag-key"),
    "check_flag_positional": lambda sdk, c: c.check_flag("some-flag-key", COMPANY, USER),
    "check_flag_preflight_usage": lambda sdk, c: c.check_flag(
        "some-flag-key", company=COMPANY, options=sdk.CheckFlagOptions(usage=2.5)
    ),
    "check_flag_preflight_event_usage": lambda sdk, c: c.check_flag(
        "some-flag-key",
        company=COMPANY,
        options=sdk.CheckFlagOptions(event_usage=sdk.EventUsage("tokens", 10), credit_cost={"cred_1": 3.0}),
    ),
    "check_flag_with_entitlement": lambda sdk, c: c.check_flag_with_entitlement("some-flag-key", COMPANY),
    "check_flags_all": lambda sdk, c: c.check_flags(company=COMPANY),
    "check_flags_some": lambda sdk, c: c.check_flags(["some-flag-key", "gone"], company=COMPANY, user=USER),
    "identify": lambda sdk, c: c.identify(
        {"email": "wcoyote@acme.net", "user_id": "your-user-id"},
        company=sdk.EventBodyIdentifyCompany(
            keys=COMPANY, name="Acme Widgets, Inc.", traits={"city": "Atlanta"}
        ),
        name="Wile E. Coyote",
        traits={"login_count": 24, "is_staff": False},
    ),
    "identify_keys_only": lambda sdk, c: c.identify({"user_id": "your-user-id"}),
    # The official option and company objects, handed to either client.
    "official_objects_check_flag": lambda sdk, c: c.check_flag(
        "some-flag-key", company=COMPANY, options=official.CheckFlagOptions(usage=2)
    ),
    "official_objects_identify": lambda sdk, c: c.identify(
        USER, company=official.EventBodyIdentifyCompany(keys=COMPANY, name="Acme")
    ),
    "official_objects_track": lambda sdk, c: c.track(
        "some-action", company=COMPANY, options=official.TrackOptions(idempotency_key="idem-3")
    ),
    "identify_options": lambda sdk, c: c.identify(
        {"user_id": "your-user-id"}, options=sdk.IdentifyOptions(idempotency_key="idem-1")
    ),
    "track": lambda sdk, c: c.track("some-action", user=USER, company=COMPANY),
    "track_quantity_traits": lambda sdk, c: c.track(
        "tokens", company=COMPANY, traits={"model": "small"}, quantity=1500
    ),
    "track_options": lambda sdk, c: c.track(
        "some-action",
        company=COMPANY,
        options=sdk.TrackOptions(
            idempotency_key="idem-2", sent_at=SENT, trusted_client_clock=True, backfill=True
        ),
    ),
    "upsert_company": lambda sdk, c: c.companies.upsert_company(
        keys=COMPANY,
        name="Acme Widgets, Inc.",
        traits={"city": "Atlanta", "high_score": 25, "is_active": True},
    ),
    "upsert_company_all_arguments": lambda sdk, c: c.companies.upsert_company(
        keys=COMPANY,
        base_plan_id="plan_1",
        base_plan_price_id="price_1",
        id="comp_1a2b3c",
        last_seen_at=SENT,
        name="Acme",
        prevent_key_remap=True,
        remove_keys=["old_id"],
        traits={"city": "Atlanta"},
        update_only=False,
        request_options={"max_retries": 0},
    ),
    "upsert_user": lambda sdk, c: c.companies.upsert_user(
        keys={"email": "wcoyote@acme.net", "user_id": "your-user-id"},
        name="Wile E. Coyote",
        traits={"city": "Atlanta"},
        company=COMPANY,
    ),
    "upsert_user_all_arguments": lambda sdk, c: c.companies.upsert_user(
        keys=USER,
        companies=[COMPANY, {"id": "other"}],
        company=COMPANY,
        company_id="comp_1a2b3c",
        company_ids=["comp_1a2b3c", "comp_2"],
        id="user_4d5e6f",
        last_seen_at=SENT,
        name="Wile",
        remove_keys=["email"],
        traits={"n": 1},
        update_only=True,
    ),
    "get_company": lambda sdk, c: c.companies.get_company("comp_1a2b3c"),
    "get_company_keyword": lambda sdk, c: c.companies.get_company(company_id="comp_1a2b3c"),
    "get_user": lambda sdk, c: c.companies.get_user("user_4d5e6f"),
    "list_companies": lambda sdk, c: c.companies.list_companies(),
    "list_companies_page": lambda sdk, c: c.companies.list_companies(q="acme", limit=10, offset=20),
    "list_companies_filters": lambda sdk, c: c.companies.list_companies(
        ids=["comp_1", "comp_2"],
        plan_id="plan_1",
        without_plan=False,
        with_subscription=True,
        sort_order_column="name",
        sort_order_direction="desc",
        subscription_statuses=["active", "trialing"],
        credit_type_ids="cred_1",
    ),
}
ASPECTS = ("method", "path", "query", "auth", "content_type", "body")

FLAG_DATA = CheckFlagResponse.model_fields["data"].annotation
BODIES = {
    "full": {
        "check_flag": wire(CheckFlagResponse),
        "check_flags": wire(CheckFlagsResponse),
        "get_company": wire(GetCompanyResponse),
        "upsert_company": wire(GetCompanyResponse),
        "list_companies": wire(ListCompaniesResponse),
        "get_user": wire(GetUserResponse),
        "upsert_user": wire(GetUserResponse),
    },
    "nulls": {
        "check_flag": wire(CheckFlagResponse, optional_none=True),
        "check_flags": wire(CheckFlagsResponse, optional_none=True),
        "get_company": wire(GetCompanyResponse, optional_none=True),
        "upsert_company": wire(GetCompanyResponse, optional_none=True),
        "list_companies": wire(ListCompaniesResponse, optional_none=True),
        "get_user": wire(GetUserResponse, optional_none=True),
        "upsert_user": wire(GetUserResponse, optional_none=True),
    },
}
BODIES["full"]["check_flags"]["data"]["flags"][0]["flag"] = "some-flag-key"
BODIES["full"]["check_flag"]["data"]["flag"] = "some-flag-key"


@functools.cache
def _run(
    server: RecordingServer, name: str, variant: str = "full", mode: str = "sync"
) -> dict[str, tuple[Any, list[Recorded]]]:
    """Both clients' result and requests for one call, run once per module."""
    server.bodies = {"capture_events": {}, **BODIES[variant]}
    outcome: dict[str, tuple[Any, list[Recorded]]] = {}
    call = (REQUESTS | RESPONSES)[name]
    for side, make, sdk in (("official", official_client, OFFICIAL_SDK), ("ours", our_client, OUR_SDK)):
        server.take()
        if mode == "async":
            result = asyncio.run(_async_call(make, server.url, call, sdk))
        else:
            client = make(server.url)
            try:
                result = call(sdk, client)
            finally:
                client.shutdown()
        outcome[side] = (result, server.take())
    return outcome


def _aspect(request: Recorded, aspect: str) -> Any:
    if aspect == "method":
        return request.method
    if aspect == "path":
        return request.path
    if aspect == "query":
        return {k: sorted(v) for k, v in request.query.items()}
    if aspect == "auth":
        return request.headers.get("x-schematic-api-key")
    if aspect == "content_type":
        return request.headers.get("content-type") if request.body else None
    return request.json()


@pytest.mark.parametrize("aspect", ASPECTS)
@pytest.mark.parametrize("name", sorted(REQUESTS))
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_request(recording_server: RecordingServer, mode: str, name: str, aspect: str) -> None:
    outcome = _run(recording_server, name, "full", mode)
    (_, theirs), (_, mine) = outcome["official"], outcome["ours"]
    assert theirs, "the official client sent nothing"
    assert [_aspect(r, aspect) for r in mine] == [_aspect(r, aspect) for r in theirs]


# -- the answers -------------------------------------------------------------------------------

RESPONSES: dict[str, Call] = {
    "answer_check_flag": lambda sdk, c: c.check_flag("some-flag-key", COMPANY),
    "answer_check_flag_with_entitlement": lambda sdk, c: c.check_flag_with_entitlement(
        "some-flag-key", COMPANY
    ),
    "answer_check_flags": lambda sdk, c: c.check_flags(company=COMPANY),
    "answer_get_company": lambda sdk, c: c.companies.get_company("comp_1a2b3c"),
    "answer_upsert_company": lambda sdk, c: c.companies.upsert_company(keys=COMPANY),
    "answer_list_companies": lambda sdk, c: c.companies.list_companies(),
    "answer_get_user": lambda sdk, c: c.companies.get_user("user_4d5e6f"),
    "answer_upsert_user": lambda sdk, c: c.companies.upsert_user(keys=USER),
}


def _fields(name: str) -> list[str]:
    """The top-level fields compared for one answer; each is a test case."""
    sample = {
        "answer_check_flag": None,
        "answer_check_flag_with_entitlement": FLAG_DATA,
        "answer_check_flags": FLAG_DATA,
        "answer_list_companies": ListCompaniesResponse,
    }.get(name, GetCompanyResponse if "company" in name else GetUserResponse)
    if sample is None:
        return ["value"]
    fields = list(sample.model_fields)
    if sample in (GetCompanyResponse, GetUserResponse):
        data = sample.model_fields["data"].annotation
        fields = [f"data.{f}" for f in data.model_fields] + ["params"]
    if sample is ListCompaniesResponse:
        params = ListCompaniesResponse.model_fields["params"].annotation
        fields = ["data"] + [f"params.{f}" for f in params.model_fields]
    return fields


def _pick(result: Any, name: str, field: str) -> Any:
    if name == "answer_check_flag":
        return result
    if name == "answer_check_flags":
        result = result[0]
    for part in field.split("."):
        result = getattr(result, part, AttributeError(part))
    return result


ANSWERS = [(variant, name, field) for variant in BODIES for name in RESPONSES for field in _fields(name)]


@pytest.mark.parametrize(("variant", "name", "field"), ANSWERS)
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_answer(recording_server: RecordingServer, mode: str, variant: str, name: str, field: str) -> None:
    outcome = _run(recording_server, name, variant, mode)
    theirs, mine = (_pick(outcome[side][0], name, field) for side in ("official", "ours"))
    if name == "answer_check_flag":
        assert type(mine) is type(theirs) is bool and mine == theirs
        return
    assert differences(theirs, mine, field) == []


def test_absent_optional_fields_read_none_as_in_the_official_sdk(recording_server: RecordingServer) -> None:
    """An optional field the service leaves out reads None on both sides (no ``Unset``)."""
    recording_server.bodies = {"get_company": wire(GetCompanyResponse, optional_none=True)}
    body = recording_server.bodies["get_company"]
    body["data"] = {k: v for k, v in body["data"].items() if v is not None}
    with our_client(recording_server.url) as client:
        company = client.companies.get_company("comp_1a2b3c")
    found = differences(official_client(recording_server.url).companies.get_company("comp_1a2b3c"), company)
    assert found == []


def test_known_wire_names(recording_server: RecordingServer) -> None:
    """KNOWN["wire-names"]: the two renamed fields of payment methods, and only those, keep the wire name."""
    outcome = _run(recording_server, "answer_get_company")
    theirs, mine = (outcome[side][0].data.payment_methods[0] for side in ("official", "ours"))
    assert (mine.account_last4, mine.card_last4) == (theirs.account_last_4, theirs.card_last_4)
    found = differences(outcome["official"][0], outcome["ours"][0], aliases=False)
    assert sorted({line.split(": ")[0].rsplit(".", 1)[1] for line in found}) == [
        "account_last_4",
        "card_last_4",
    ]
