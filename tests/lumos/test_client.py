"""Envelopes, error mapping, gating and malformed bodies, with pytest-httpx."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import pytest
from clientsuite.errors import ResponseValidationError
from clientsuite.lumos import (
    CAPABILITIES,
    AsyncConnectorClient,
    ConnectorBadRequestError,
    ConnectorClient,
    ConnectorError,
    ConnectorPermissionDeniedError,
    ConnectorRateLimitError,
    ConnectorUnexpectedError,
    ConnectorUpstreamError,
    NotImplementedCapability,
)
from lumos_api.models import AccountStatus
from pytest_httpx import HTTPXMock

URL = "http://connector.test"
SECRET_TOKEN = "tok-SECRET-1234"
GATEWAY = "gw-SECRET-5678"


def envelope(code: str, status: Any = None, **extra: Any) -> dict[str, Any]:
    error = {"message": "m", "error_code": code, "app_id": "github", "app_error_code": "github.x"}
    error.update({"raised_by": "E", "raised_in": "here", **extra})
    if status is not None:
        error["status_code"] = status
    return {"is_error": True, "error": error, "raw_data": {"upstream": 1}}


def client(**options: Any) -> ConnectorClient:
    return ConnectorClient(URL, check_capabilities=False, max_retries=0, **options)


def test_twenty_capabilities() -> None:
    assert len(CAPABILITIES) == 20
    assert all(hasattr(ConnectorClient, n) and hasattr(AsyncConnectorClient, n) for n in CAPABILITIES)


def test_request_envelope(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json={"response": [], "page": None})
    client(
        auth={"oauth": {"access_token": "at"}},
        settings={"org": "acme"},
        credentials=[{"id": "c1", "token": {"token": "t"}}],
    ).list_accounts(
        {"custom_attributes": ["dept"]},
        page={"size": 10},
        include_raw_data=True,
        rate_limit={"caller_retry_attempt": 1},
    )
    request = httpx_mock.get_request()
    assert request is not None and request.url.path == "/list_accounts"
    assert json.loads(request.content) == {
        "request": {"custom_attributes": ["dept"]},
        "settings": {"org": "acme"},
        "auth": {"oauth": {"access_token": "at"}},
        "credentials": [{"id": "c1", "token": {"token": "t"}}],
        "page": {"size": 10},
        "rate_limit": {"caller_retry_attempt": 1},
        "include_raw_data": True,
    }


def test_oauth_capabilities_take_no_auth_and_info_no_body(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        url=f"{URL}/refresh_access_token", json={"response": {"access_token": "a", "token_type": "bearer"}}
    )
    httpx_mock.add_response(url=f"{URL}/info", status_code=404, json={"detail": "Not Found"})
    c = ConnectorClient(URL, auth={"oauth": {"access_token": "at"}}, credentials=[{"token": {"token": "t"}}])
    c.refresh_access_token({"client_id": "c", "client_secret": "s", "refresh_token": "r"})
    info, refresh = httpx_mock.get_requests()
    assert info.content == b""  # the gate asked info first, with no body
    assert set(json.loads(refresh.content)) == {"request", "settings", "include_raw_data"}


def test_a_server_without_info_is_unknown_not_a_failure(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=f"{URL}/info", status_code=404, json={"detail": "Not Found"})
    httpx_mock.add_response(
        url=f"{URL}/list_accounts",
        json={"response": [{"integration_specific_id": "u"}], "page": None},
        is_reusable=True,
    )
    c = ConnectorClient(URL)
    assert [a.integration_specific_id for a in c.iter_accounts()] == ["u"]
    assert c.capabilities is None
    c.list_accounts()
    assert [r.url.path for r in httpx_mock.get_requests()] == ["/info", "/list_accounts", "/list_accounts"]


def test_a_known_capability_list_gates(httpx_mock: HTTPXMock) -> None:
    schemas = ("capability_schema", "authentication_schema", "request_settings_schema")
    described = {"app_id": "a", "version": "1", "capabilities": ["list_accounts"], "oauth_scopes": None}
    described.update({name: {} for name in schemas})
    described.update(credentials_schema=[], entitlement_types=[], resource_types=[])
    info = {"response": described, "page": None}
    httpx_mock.add_response(url=f"{URL}/info", json=info)
    c = ConnectorClient(URL)
    with pytest.raises(NotImplementedCapability):
        c.delete_account({"account_id": "u"})
    assert c.capabilities == frozenset({"list_accounts"})
    assert len(httpx_mock.get_requests()) == 1


@pytest.mark.parametrize(
    ("code", "status", "http_status", "error_type", "expected_status"),
    [
        ("bad_request", 400, 200, ConnectorBadRequestError, 400),
        ("permission_denied", None, 403, ConnectorPermissionDeniedError, 403),
        ("internal_error", None, 200, ConnectorUnexpectedError, 500),
        ("bad_gateway", None, 200, ConnectorUpstreamError, 502),
        ("something_new", 418, 200, ConnectorError, 418),
        ("github.bad_request", None, 200, ConnectorBadRequestError, 400),  # older connectors prefix the code
    ],
)
def test_error_mapping(
    httpx_mock: HTTPXMock, code: str, status: Any, http_status: int, error_type: type, expected_status: int
) -> None:
    httpx_mock.add_response(
        status_code=http_status, json=envelope(code, status, error_metadata={"retryable": False})
    )
    with pytest.raises(error_type) as caught:
        client().validate_credentials()
    error = caught.value
    bare = code.removeprefix("github.")
    assert type(error) is error_type and error.status_code == expected_status
    assert (error.error_code, error.code, error.app_id) == (f"github.{bare}", bare, "github")
    assert error.error_metadata == {"retryable": False} and error.retryable is False
    assert error.raw_data == {"upstream": 1} and error.app_error_code == "github.x"


@pytest.mark.parametrize("status", ["abc", 1e999, {"code": 1}, True, 99, 700, "404", 404.0])
def test_malformed_status_code_is_a_validation_error(httpx_mock: HTTPXMock, status: Any) -> None:
    body = json.dumps(envelope("not_found")).replace('"raw_data"', '"x": 0, "raw_data"')
    body = body.replace(
        '"message": "m"',
        f'"message": "m", "status_code": {json.dumps(status) if status != 1e999 else "1e999"}',
    )
    httpx_mock.add_response(content=body.encode(), headers={"content-type": "application/json"})
    with pytest.raises(ResponseValidationError) as caught:
        client().validate_credentials()
    assert caught.value.operation == "validate_credentials"


@pytest.mark.parametrize("error", [[], "boom", None, 3])
def test_malformed_error_object(httpx_mock: HTTPXMock, error: Any) -> None:
    httpx_mock.add_response(json={"is_error": True, "error": error})
    with pytest.raises(ResponseValidationError):
        client().validate_credentials()


def test_rate_limit_in_a_200_is_retried(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=envelope("rate_limit"))
    httpx_mock.add_response(json={"response": [], "page": None})
    c = ConnectorClient(URL, check_capabilities=False, max_retries=1)
    assert c.list_resources().response == []
    assert len(httpx_mock.get_requests()) == 2


def test_rate_limit_error_after_retries(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=envelope("rate_limit"), is_reusable=True)
    with pytest.raises(ConnectorRateLimitError):
        ConnectorClient(URL, check_capabilities=False, max_retries=1).list_resources()
    assert len(httpx_mock.get_requests()) == 2


def test_nulls_where_connector_py_sends_them(httpx_mock: HTTPXMock) -> None:
    account: dict[str, Any] = dict.fromkeys(
        ("email", "extra_data", "custom_attributes", "account_type", "resource_id")
    )
    account.update(integration_specific_id="u", user_status="DEPROVISIONED")
    httpx_mock.add_response(
        json={
            "response": account,
            "raw_data": None,
            "page": None,
            "rate_limit": None,
            "execution_summary": None,
        }
    )
    result = client().get_account({"account_id": "u"})
    assert result.response.user_status is AccountStatus.DEPROVISIONED and result.page is None


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
    assert [a.integration_specific_id for a in offline.iter_accounts(page_size=2)] == ["u-1", "u-2", "u-3"]
    assert offline.info().response.app_id == "github"
    assert httpx_mock.get_requests() == []


SPEC = json.loads(resources.files("lumos_api").joinpath("openapi.json").read_text())


def minimal_payload(capability: str) -> dict[str, object]:
    """The payload's required fields, filled in, read from the spec the package ships."""
    schemas = SPEC["components"]["schemas"]
    body = SPEC["paths"][f"/{capability}"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    envelope_schema = schemas[body["$ref"].rsplit("/", 1)[1]]
    return _filled(schemas, schemas[envelope_schema["properties"]["request"]["$ref"].rsplit("/", 1)[1]])


def _filled(schemas: dict[str, Any], schema: dict[str, Any]) -> Any:
    if "$ref" in schema:
        return _filled(schemas, schemas[schema["$ref"].rsplit("/", 1)[1]])
    if schema.get("type") == "array":
        return [_filled(schemas, schema.get("items") or {})]
    if schema.get("type") == "object" or "properties" in schema:
        props = schema.get("properties") or {}
        return {name: _filled(schemas, props[name]) for name in schema.get("required", [])}
    return "x"


def test_missing_required_field_is_a_clear_error(httpx_mock: HTTPXMock) -> None:
    with pytest.raises(ValueError, match="account_id"):
        client().get_account({})
    assert httpx_mock.get_requests() == []


@pytest.mark.parametrize("capability", sorted(set(CAPABILITIES) - {"info"}))
def test_every_capability_posts_its_envelope(httpx_mock: HTTPXMock, capability: str) -> None:
    """Each method reaches its own path with include_raw_data as asked (the body need not parse)."""
    httpx_mock.add_response(
        json={"is_error": True, "error": {"message": "x", "error_code": "bad_request", "app_id": "a"}}
    )
    with pytest.raises(ConnectorBadRequestError):
        getattr(client(), capability)(minimal_payload(capability), include_raw_data=True)
    request = httpx_mock.get_request()
    assert request is not None and request.url.path == f"/{capability}"
    assert json.loads(request.content)["include_raw_data"] is True
