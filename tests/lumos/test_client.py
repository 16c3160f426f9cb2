"""Envelopes, error mapping and malformed bodies with pytest-httpx."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from clientsuite.errors import ResponseValidationError
from clientsuite.lumos import (
    CAPABILITIES,
    ConnectorBadRequestError,
    ConnectorClient,
    ConnectorError,
    ConnectorPermissionDeniedError,
    ConnectorRateLimitError,
    ConnectorUnexpectedError,
)
from pytest_httpx import HTTPXMock

URL = "http://connector.test"


def envelope(code: str, status: int) -> dict[str, object]:
    return {
        "is_error": True,
        "error": {
            "message": "m",
            "status_code": status,
            "error_code": f"github.{code}",
            "app_error_code": "github.x",
            "raised_by": "E",
            "raised_in": "here",
        },
    }


def client(**options: object) -> ConnectorClient:
    return ConnectorClient(URL, check_capabilities=False, max_retries=0, **options)  # type: ignore[arg-type]


def test_twenty_capabilities() -> None:
    assert len(CAPABILITIES) == 20
    assert all(hasattr(ConnectorClient, name) for name in CAPABILITIES)


def test_request_envelope(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json={"response": [], "page": {"token": None}})
    client(
        auth={"oauth": {"access_token": "at"}}, settings={"org": "acme"}, credentials={"k": "v"}
    ).list_accounts({"custom_attributes": ["dept"]}, page={"size": 10}, include_raw_data=True)
    request = httpx_mock.get_request()
    assert request is not None and request.url.path == "/list_accounts"
    assert json.loads(request.content) == {
        "request": {"custom_attributes": ["dept"]},
        "settings": {"org": "acme"},
        "auth": {"oauth": {"access_token": "at"}},
        "credentials": {"k": "v"},
        "page": {"size": 10},
        "include_raw_data": True,
    }


@pytest.mark.parametrize(
    ("code", "status", "http_status", "error_type"),
    [
        ("bad_request", 400, 200, ConnectorBadRequestError),
        ("permission_denied", 403, 403, ConnectorPermissionDeniedError),
        ("unexpected_error", 500, 500, ConnectorUnexpectedError),
        ("something_new", 418, 200, ConnectorError),
    ],
)
def test_error_mapping(
    httpx_mock: HTTPXMock, code: str, status: int, http_status: int, error_type: type
) -> None:
    httpx_mock.add_response(status_code=http_status, json=envelope(code, status))
    with pytest.raises(error_type) as caught:
        client().validate_credentials()
    assert type(caught.value) is error_type
    assert caught.value.error_code == f"github.{code}" and caught.value.app_error_code == "github.x"
    assert caught.value.status_code == status


def test_rate_limit_error_after_retries(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=envelope("rate_limit", 429), is_reusable=True)
    with pytest.raises(ConnectorRateLimitError):
        ConnectorClient(URL, check_capabilities=False, max_retries=1).list_resources()
    assert len(httpx_mock.get_requests()) == 2


def test_malformed_envelope(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json={"result": "no response key"})
    with pytest.raises(ResponseValidationError) as caught:
        client().validate_credentials()
    assert caught.value.operation == "validate_credentials"


def test_offline_examples_and_paging(httpx_mock: HTTPXMock) -> None:
    offline = ConnectorClient("http://connector", offline=True)
    page = offline.list_accounts(page={"size": 2})
    assert [a.integration_specific_id for a in page.response] == ["u-1", "u-2"]
    assert page.page is not None and page.page.token == "page-2"
    assert offline.info().response.app_id == "github"
    assert httpx_mock.get_requests() == []


SPEC = json.loads(resources.files("lumos_api").joinpath("openapi.json").read_text())


def minimal_payload(capability: str) -> dict[str, object]:
    """The payload's required fields, filled in, read from the spec the package ships."""
    envelope = SPEC["components"]["schemas"][f"{''.join(p.title() for p in capability.split('_'))}Request"]
    payload = SPEC["components"]["schemas"][envelope["properties"]["request"]["$ref"].rsplit("/", 1)[1]]
    props = payload.get("properties", {})
    return {
        name: ["x"] if props[name].get("type") == "array" else "x" for name in payload.get("required", [])
    }


def test_missing_required_field_is_a_clear_error(httpx_mock: HTTPXMock) -> None:
    with pytest.raises(ValueError, match="account_id"):
        client().get_account({})
    assert httpx_mock.get_requests() == []


@pytest.mark.parametrize("capability", sorted(set(CAPABILITIES) - {"info"}))
def test_every_capability_posts_its_envelope(httpx_mock: HTTPXMock, capability: str) -> None:
    """Each method reaches its own path with include_raw_data as asked (the body need not parse)."""
    httpx_mock.add_response(
        json={"is_error": True, "error": {"message": "x", "error_code": "app.bad_request"}}
    )
    method = getattr(client(), capability)
    with pytest.raises(ConnectorBadRequestError):
        method(minimal_payload(capability), include_raw_data=True)
    request = httpx_mock.get_request()
    assert request is not None and request.url.path == f"/{capability}"
    assert json.loads(request.content)["include_raw_data"] is True
