"""Every client method against a real connector: connector-py's Integration, served by its ASGI app.

The oracle connector (tests/lumos/oracle) runs in connector-py's own virtualenv under uvicorn, once
directly and once behind a ``/conn-1`` gateway prefix that also answers ``info``.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest
from clientsuite.errors import NotFoundError
from clientsuite.lumos import (
    AsyncConnectorClient,
    ConnectorClient,
    ConnectorError,
    ConnectorNotFoundError,
    ConnectorUnauthorizedError,
    NotImplementedCapability,
)
from clientsuite.lumos.errors import error_class
from lumos_api.models import AccountStatus

from tests.lumos.scenarios import (
    GOOD_AUTH,
    SCENARIOS,
    Scenario,
    callback_payload,
    entitlement,
    refresh_payload,
)

Oracle = tuple[str, str]
CODES = [
    "bad_request", "invalid_value", "unknown_value", "invalid_page_token", "integration_missing_parameter",
    "unauthorized", "authentication_expired", "creds_revoked", "permission_denied", "not_found", "conflict",
    "rate_limit", "budget_exhausted", "bad_gateway", "service_error", "connection_timeout", "request_timeout",
    "connection_rejected", "connection_closed", "internal_error", "invalid_response",
    "not_implemented", "unexpected_error", "api_error", "unauthenticated", "client_call_error",
]  # fmt: skip


# Legacy codes connector-py (4.278.0 to 4.280.0) rewrites to their current equivalent before sending.
SENT_AS = {
    "not_implemented": "unsupported_operation",
    "unexpected_error": "internal_error",
    "api_error": "invalid_response",
    "unauthenticated": "unauthorized",
    "client_call_error": "invalid_response",
}


def options(oracle: Oracle, **extra: Any) -> dict[str, Any]:
    mode, _ = oracle
    gateway = {"connector_id": "conn-1", "gateway_token": "gw-secret"} if mode == "gateway" else {}
    return {"auth": GOOD_AUTH, "settings": {"org": "acme"}, **gateway, **extra}


def connect(oracle: Oracle, **extra: Any) -> ConnectorClient:
    return ConnectorClient(oracle[1], **options(oracle, **extra))


def run(client: Any, scenario: Scenario) -> Any:
    method = getattr(client, scenario.method)
    return (
        method(scenario.payload, **scenario.options)
        if scenario.payload is not None
        else method(**scenario.options)
    )


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.method)
def test_every_method_sync(oracle: Oracle, scenario: Scenario) -> None:
    with connect(oracle) as client:
        assert scenario.check(run(client, scenario))


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.method)
async def test_every_method_async(oracle: Oracle, scenario: Scenario) -> None:
    async with AsyncConnectorClient(oracle[1], **options(oracle)) as client:
        method = getattr(client, scenario.method)
        args = (scenario.payload,) if scenario.payload is not None else ()
        assert scenario.check(await method(*args, **scenario.options))


def test_info_and_gating(oracle: Oracle) -> None:
    """Directly there is no info route: capabilities stay unknown and calls go through."""
    mode, _ = oracle
    with connect(oracle) as client:
        assert client.validate_credentials().response.valid
        if mode == "direct":
            assert client.capabilities is None
            with pytest.raises(NotFoundError):
                client.info()
        else:
            assert client.capabilities is not None and "list_accounts" in client.capabilities
            info = client.info().response
            assert info.app_id == "oracle" and info.oauth_scopes is not None
            assert info.oauth_scopes == {"list_accounts": "read:users"}
            assert [c.value for c in info.categories] == ["DEVELOPERS"]


async def test_info_async(oracle: Oracle) -> None:
    mode, _ = oracle
    async with AsyncConnectorClient(oracle[1], **options(oracle)) as client:
        assert (await client.app_info()).response.app_id == "oracle"
        if mode == "direct":
            assert client.capabilities is None
            with pytest.raises(NotFoundError):
                await client.info()
        else:
            assert (await client.info()).response.version == "1.2.3"
            assert client.capabilities is not None and "get_account" in client.capabilities


def test_a_capability_list_from_the_caller_gates_before_sending(oracle: Oracle) -> None:
    with connect(oracle, capabilities=["list_accounts"]) as client, pytest.raises(NotImplementedCapability):
        client.get_account({"account_id": "u-1"})


def test_paging_to_the_end(oracle: Oracle) -> None:
    with connect(oracle) as client:
        accounts = list(client.iter_accounts(page_size=2))
        assert [a.integration_specific_id for a in accounts] == [f"u-{n}" for n in range(5)]
        assert accounts[4].user_status is AccountStatus.DEPROVISIONED
        last = client.list_accounts(page={"token": "4", "size": 2})
        assert last.page is None and len(last.response) == 1
        assert [r.label for r in client.iter_resources()] == ["api", "web"]
        assert [e.label for e in client.iter_entitlements()] == ["Admin"]


async def test_paging_async(oracle: Oracle) -> None:
    async with AsyncConnectorClient(oracle[1], **options(oracle)) as client:
        ids = [a.integration_specific_id async for a in client.iter_accounts(page_size=3)]
        assert ids == [f"u-{n}" for n in range(5)]
        assert [r.label async for r in client.iter_resources()] == ["api", "web"]
        assert [e.label async for e in client.iter_entitlements()] == ["Admin"]
        assert (await client.assign_entitlement(entitlement("u-0"))).response.assigned
        held = [a.account_id async for a in client.iter_entitlement_associations()]
        assert "u-0" in held
        assert (await client.unassign_entitlement(entitlement("u-0"))).response.unassigned
        with pytest.raises(ConnectorNotFoundError):
            await client.unassign_entitlement(entitlement("u-0"))


def test_entitlement_cycle(oracle: Oracle) -> None:
    with connect(oracle) as client:
        assert client.assign_entitlement(entitlement("u-3")).response.assigned
        held = {
            (a.account_id, a.integration_specific_entitlement_id)
            for a in client.iter_entitlement_associations()
        }
        assert ("u-3", "admin") in held
        assert client.unassign_entitlement(entitlement("u-3")).response.unassigned
        with pytest.raises(ConnectorNotFoundError) as caught:
            client.unassign_entitlement(entitlement("u-3"))
        assert caught.value.message == "no such assignment"


@pytest.mark.parametrize("code", CODES)
def test_every_error_code(oracle: Oracle, code: str) -> None:
    with connect(oracle, max_retries=0) as client, pytest.raises(ConnectorError) as caught:
        client.deactivate_account({"account_id": f"error:{code}"})
    error, sent = caught.value, SENT_AS.get(code, code)
    assert type(error) is error_class(sent)
    assert (error.error_code, error.code, error.app_id) == (f"oracle.{sent}", sent, "oracle")
    assert error.app_error_code == "oracle.e42" and error.raised_by == "ConnectorError"
    assert error.error_metadata is not None and isinstance(error.error_metadata["retryable"], bool)
    assert error.message == f"asked for {code}"


async def test_errors_async(oracle: Oracle) -> None:
    async with AsyncConnectorClient(oracle[1], **options(oracle, max_retries=0)) as client:
        with pytest.raises(ConnectorNotFoundError) as caught:
            await client.get_account({"account_id": "nobody"})
        assert caught.value.error_code == "oracle.not_found" and caught.value.raw_data is None


def test_bad_credentials(oracle: Oracle) -> None:
    with (
        connect(oracle, auth={"token": {"token": "wrong"}}) as client,
        pytest.raises(ConnectorUnauthorizedError) as caught,
    ):
        client.validate_credentials()
    assert caught.value.error_code == "oracle.unauthorized"
    assert caught.value.error_metadata is not None and caught.value.error_metadata["refreshable"] is True


def _consent(url: str) -> str:
    with httpx.Client() as browser:
        return browser.get(url).headers["location"]


def test_oauth_flow_through_the_connector(oracle: Oracle) -> None:
    with connect(oracle) as client:
        issued = client.get_authorization_url(
            {
                "client_id": "client-1",
                "scopes": ["read:users"],
                "redirect_uri": "https://o.test/cb",
                "state": "s1",
            }
        ).response
        assert isinstance(issued.code_verifier, str)
        callback = _consent(issued.authorization_url)
        tokens = client.handle_authorization_callback(
            callback_payload(callback, issued.code_verifier)
        ).response
        assert tokens.access_token and isinstance(tokens.refresh_token, str)
        renewed = client.refresh_access_token(refresh_payload(tokens.refresh_token), include_raw_data=True)
        assert renewed.response.access_token != tokens.access_token
        assert renewed.raw_data is not None and renewed.raw_data["token_type"] == "bearer"


async def test_oauth_flow_async(oracle: Oracle) -> None:
    async with AsyncConnectorClient(oracle[1], **options(oracle)) as client:
        issued = (
            await client.get_authorization_url(
                {"client_id": "client-1", "scopes": ["x"], "redirect_uri": "https://o.test/cb", "state": "s2"}
            )
        ).response
        assert isinstance(issued.code_verifier, str)
        callback = _consent(issued.authorization_url)
        tokens = (
            await client.handle_authorization_callback(callback_payload(callback, issued.code_verifier))
        ).response
        assert isinstance(tokens.refresh_token, str)
        renewed = await client.refresh_access_token(refresh_payload(tokens.refresh_token))
        assert renewed.response.access_token != tokens.access_token


def test_call_by_name(oracle: Oracle) -> None:
    with connect(oracle) as client:
        assert [r.label for r in client.call("list_resources").response] == ["api", "web"]
        with pytest.raises(ValueError, match="unknown capability"):
            client.call("no_such_capability")


async def test_call_by_name_async(oracle: Oracle) -> None:
    async with AsyncConnectorClient(oracle[1], **options(oracle)) as client:
        assert (await client.call("get_account", {"account_id": "u-1"})).response.username == "user1"


def test_no_credential_in_logs_or_errors(oracle: Oracle, caplog: pytest.LogCaptureFixture) -> None:
    """Success and failure paths at DEBUG: the connector token and the gateway token show nowhere."""
    caplog.set_level(logging.DEBUG)
    failures: list[BaseException] = []
    with connect(oracle) as client:
        client.list_accounts(page={"size": 2})
        for bad in ({"account_id": "nobody"}, {"account_id": "error:rate_limit"}):
            try:
                client.get_account(bad) if bad["account_id"] == "nobody" else client.deactivate_account(bad)
            except ConnectorError as error:
                failures.append(error)
    with connect(oracle, auth={"token": {"token": "oracle-token-WRONG"}}) as client:
        try:
            client.validate_credentials()
        except ConnectorError as error:
            failures.append(error)
    assert len(failures) == 3
    texts = [record.getMessage() for record in caplog.records]
    texts += [text for error in failures for text in (str(error), repr(error), error.body.decode())]
    assert texts and not [t for t in texts if "oracle-token" in t or "gw-secret" in t]
