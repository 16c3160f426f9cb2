"""Against a real local connector server: paging, errors, entitlements, rate limits."""

from __future__ import annotations

import pytest
from clientsuite.lumos import (
    AsyncConnectorClient,
    ConnectorClient,
    ConnectorNotFoundError,
    ConnectorUnauthorizedError,
    NotImplementedCapability,
)

from tests.lumos.fake_connector import FakeConnector

Server = tuple[FakeConnector, str]
AUTH = {"token": {"token": "secret-token"}}


def connect(url: str, **options: object) -> ConnectorClient:
    return ConnectorClient(url, auth=AUTH, settings={"org": "acme"}, **options)  # type: ignore[arg-type]


def test_list_with_paging(connector_server: Server) -> None:
    fake, url = connector_server
    with connect(url) as client:
        accounts = client.iter_accounts(page_size=2)
        assert next(accounts).integration_specific_id == "u-0"
        assert len([c for c, _ in fake.requests if c == "list_accounts"]) == 1
        assert [a.integration_specific_id for a in accounts] == ["u-1", "u-2", "u-3", "u-4"]
    pages = [body.get("page") for capability, body in fake.requests if capability == "list_accounts"]
    assert pages == [{"size": 2}, {"token": "2", "size": 2}, {"token": "4", "size": 2}]


def test_assign_and_unassign(connector_server: Server) -> None:
    fake, url = connector_server
    assignment = {
        "account_integration_specific_id": "u-1",
        "resource_type": "repo",
        "resource_integration_specific_id": "r",
        "entitlement_type": "role",
        "entitlement_integration_specific_id": "admin",
    }
    with connect(url) as client:
        assert client.assign_entitlement(assignment).response.assigned is True
        assert fake.assigned == {("u-1", "admin")}
        assert client.unassign_entitlement(assignment).response.unassigned is True
        with pytest.raises(ConnectorNotFoundError) as caught:  # error envelope with HTTP 404
            client.unassign_entitlement(assignment)
    assert caught.value.error_code == "fake.not_found" and caught.value.status_code == 404


def test_error_inside_a_200(connector_server: Server) -> None:
    _, url = connector_server
    with connect(url) as client, pytest.raises(ConnectorNotFoundError) as caught:
        client.get_account({"account_id": "nobody"})
    error = caught.value
    assert (error.code, error.app_id, error.raised_in) == ("not_found", "fake", "fake:handler")
    assert "account nobody not found" in str(error)


def test_rate_limit_in_a_200_is_retried(connector_server: Server) -> None:
    fake, url = connector_server
    with connect(url) as client:
        assert client.list_resources().response[0].label == "api"
    assert [c for c, _ in fake.requests].count("list_resources") == 2


def test_capability_the_connector_lacks(connector_server: Server) -> None:
    fake, url = connector_server
    with connect(url) as client, pytest.raises(NotImplementedCapability):
        client.delete_account({"account_id": "u-1"})
    assert [c for c, _ in fake.requests] == ["info"]


def test_bad_credentials(connector_server: Server) -> None:
    _, url = connector_server
    client = ConnectorClient(url, auth={"token": {"token": "wrong"}}, check_capabilities=False)
    with pytest.raises(ConnectorUnauthorizedError):
        client.validate_credentials()


def test_behind_a_gateway_prefix(connector_server: Server) -> None:
    _, url = connector_server
    with connect(url, connector_id="conn-1", gateway_token="gw-token") as client:
        assert client.validate_credentials().response.unique_tenant_id == "acme"


async def test_async(connector_server: Server) -> None:
    _, url = connector_server
    async with AsyncConnectorClient(url, auth=AUTH, settings={"org": "acme"}) as client:
        ids = [a.integration_specific_id async for a in client.iter_accounts(page_size=3)]
        assert ids == [f"u-{n}" for n in range(5)]
        with pytest.raises(ConnectorNotFoundError):
            await client.get_account({"account_id": "x"})
        result = await client.list_accounts(page={"size": 1}, include_raw_data=True)
        assert result.raw_data is not None and result.raw_data["fetched"] == 1
