"""``client.companies`` with pytest-httpx, and the offline mode's documented examples."""

from __future__ import annotations

import json

import httpx
import pytest
from clientsuite.errors import NotFoundError, ResponseValidationError
from clientsuite.schematic import AsyncSchematic, Schematic, SchematicConfig
from pytest_httpx import HTTPXMock

from tests.schematic.examples import example

WHEN = "2024-05-01T12:00:00Z"
COMPANY = example("get_company")["data"] | {"id": "comp_1", "name": "Acme", "created_at": WHEN}
USER = example("get_user")["data"]


def test_upsert_company_sends_only_given_fields(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json={"data": COMPANY, "params": {}})
    with Schematic("k") as client:
        result = client.companies.upsert_company(keys={"id": "c1"}, name="Acme", traits={"city": "Atlanta"})
    assert result.data.name == "Acme" and result.data.created_at.year == 2024
    request = httpx_mock.get_request()
    assert request is not None and request.url.path == "/companies"
    assert json.loads(request.content) == {
        "keys": {"id": "c1"},
        "name": "Acme",
        "traits": {"city": "Atlanta"},
    }


def test_upsert_user_with_company(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json={"data": USER | {"id": "user_1"}, "params": {}})
    with Schematic("k") as client:
        user = client.companies.upsert_user(keys={"user_id": "u1"}, company={"id": "c1"})
    assert user.data.id == "user_1"
    request = httpx_mock.get_request()
    assert request is not None and json.loads(request.content) == {
        "keys": {"user_id": "u1"},
        "company": {"id": "c1"},
    }


def test_get_company_not_found_is_typed(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(status_code=404, json={"error": "Not found"})
    with Schematic("sk_secret_1") as client, pytest.raises(NotFoundError) as caught:
        client.companies.get_company("comp_x")
    assert caught.value.status_code == 404 and "sk_secret_1" not in str(caught.value.headers)


def test_request_options_per_call(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(status_code=503)
    httpx_mock.add_response(json={"data": COMPANY, "params": {}})
    with Schematic("k", SchematicConfig(max_retries=0)) as client:
        company = client.companies.get_company(
            "comp_1", request_options={"max_retries": 1, "timeout_in_seconds": 3}
        )
    assert company.data.id == "comp_1"
    first = httpx_mock.get_requests()[0]
    assert first.extensions["timeout"]["read"] == 3


def test_unknown_request_option_is_refused() -> None:
    with Schematic("k", SchematicConfig(offline=True)) as client, pytest.raises(TypeError, match="retries"):
        client.companies.get_company("c", request_options={"retries": 1})


def test_invalid_keys_send_nothing(httpx_mock: HTTPXMock) -> None:
    with Schematic("k") as client, pytest.raises(ValueError, match="keys"):
        client.companies.upsert_company(keys={})
    assert httpx_mock.get_requests() == []


def test_malformed_body(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json={"data": {"id": "only"}})
    with Schematic("k") as client, pytest.raises(ResponseValidationError) as caught:
        client.companies.get_user("u")
    assert caught.value.operation == "get_user"


def test_iter_companies_pages_lazily(httpx_mock: HTTPXMock) -> None:
    page = [COMPANY | {"id": f"comp_{n}"} for n in range(100)]
    httpx_mock.add_response(json={"data": page, "params": {"limit": 100, "offset": 0}})
    httpx_mock.add_response(json={"data": page[:3], "params": {"limit": 100, "offset": 100}})
    with Schematic("k") as client:
        companies = client.companies.iter_companies()
        assert next(companies).id == "comp_0"
        assert len(httpx_mock.get_requests()) == 1
        assert len(list(companies)) == 102
    assert httpx_mock.get_requests()[1].url.params["offset"] == "100"


def test_offline_companies_answer_with_examples(httpx_mock: HTTPXMock) -> None:
    with Schematic("", SchematicConfig(offline=True)) as client:
        assert client.companies.upsert_company(keys={"id": "x"}).data.name == "Acme Widgets, Inc."
        assert client.companies.get_user("user_4d5e6f").data.name == "Wile E. Coyote"
    assert httpx_mock.get_requests() == []


def test_api_key_is_not_in_repr() -> None:
    with Schematic("sk_live_abcdef", SchematicConfig(offline=True)) as client:
        assert "sk_live_abcdef" not in repr(client) + repr(client.config)


async def test_async_client(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        url="https://api.schematichq.com/flags/f/check",
        json={"data": {"flag": "f", "value": True, "reason": "r"}, "params": {}},
    )
    httpx_mock.add_response(json={"data": COMPANY, "params": {}})
    config = SchematicConfig(http_client=httpx.AsyncClient())
    async with AsyncSchematic("k", config) as client:
        assert await client.check_flag("f", company={"id": "c"}) is True
        assert await client.check_flag("f", company={"id": "c"}) is True  # cached
        assert (await client.companies.get_company("comp_1")).data.id == "comp_1"
        results = await client.check_flags(["f"], company={"id": "c"})
        assert results[0].value is True
    assert len(httpx_mock.get_requests()) == 2


async def test_async_offline_and_defaults() -> None:
    async with AsyncSchematic("", SchematicConfig(offline=True, flag_defaults={"x": True})) as client:
        assert await client.check_flag("x") is True
        assert (await client.companies.get_company("c")).data.id == "comp_1a2b3c"
        await client.track("offline-event")
        await client.identify({"user_id": "u"})


def test_wrong_http_client_kind() -> None:
    with pytest.raises(TypeError, match=r"httpx\.Client"):
        Schematic("k", SchematicConfig(http_client=httpx.AsyncClient()))
    with pytest.raises(TypeError, match=r"httpx\.AsyncClient"):
        AsyncSchematic("k", SchematicConfig(http_client=httpx.Client()))
