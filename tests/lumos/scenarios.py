"""One call per client method against the oracle connector, with what its answer must show.

Shared by the sync and async tests so both drive exactly the same calls.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
from lumos_api.models import AccountStatus, TokenType

from tests.lumos.fake_oauth import CLIENT_ID, CLIENT_SECRET

GOOD_AUTH = {"token": {"token": "oracle-token"}}
REDIRECT = "https://orchestrator.example.com/oauth/callback"


@attrs.frozen
class Scenario:
    method: str
    payload: Any
    check: Callable[[Any], bool]
    options: dict[str, Any] = attrs.field(factory=dict)


def _entitlement(account: str) -> dict[str, str]:
    return {
        "account_integration_specific_id": account,
        "resource_type": "repo",
        "resource_integration_specific_id": "repo-1",
        "entitlement_type": "role",
        "entitlement_integration_specific_id": "admin",
    }


def _accounts_page(result: Any) -> bool:
    first = result.response[0]
    return (
        [a.integration_specific_id for a in result.response] == ["u-0", "u-1"]
        and first.custom_attributes == {"dept": "eng"}
        and isinstance(first.extra_data, dict)
        and first.extra_data["seat"] == 0
        and result.page.token == "2"
        and result.raw_data == {"returned": 2}
        and result.rate_limit is None
    )


SCENARIOS = [
    Scenario(
        "app_info", None, lambda r: r.response.app_id == "oracle" and "openapi" in r.response.app_schema
    ),
    Scenario(
        "validate_credentials", None, lambda r: r.response.valid and r.response.unique_tenant_id == "acme"
    ),
    Scenario("list_accounts", None, _accounts_page, {"page": {"size": 2}, "include_raw_data": True}),
    Scenario(
        "get_account",
        {"account_id": "u-4"},
        lambda r: r.response.user_status is AccountStatus.DEPROVISIONED and r.raw_data == {"id": "u-4"},
        {"include_raw_data": True},
    ),
    Scenario(
        "create_account",
        {"entitlements": [{"entitlement_type": "role", "integration_specific_id": "member"}]},
        lambda r: r.response.created is True and r.response.status is AccountStatus.PENDING,
    ),
    Scenario("update_account", {"id": "u-1"}, lambda r: r.response.id == "u-1"),
    Scenario("activate_account", {"account_id": "u-1"}, lambda r: r.response.status is AccountStatus.ACTIVE),
    Scenario(
        "deactivate_account", {"account_id": "u-1"}, lambda r: r.response.status is AccountStatus.SUSPENDED
    ),
    Scenario("delete_account", {"account_id": "u-1"}, lambda r: r.response.status is AccountStatus.DELETED),
    Scenario(
        "list_resources", None, lambda r: [x.label for x in r.response] == ["api", "web"] and r.page is None
    ),
    Scenario(
        "list_entitlements", None, lambda r: r.response[0].is_assignable and r.response[0].label == "Admin"
    ),
    Scenario("assign_entitlement", _entitlement("u-2"), lambda r: r.response.assigned is True),
    # unassigning needs the grant above; the whole cycle runs in test_entitlement_cycle.
    Scenario(
        "find_entitlement_associations",
        None,
        lambda r: all(a.integration_specific_resource_id == "repo-1" for a in r.response),
    ),
    Scenario(
        "get_last_activity",
        {"account_ids": ["u-1", "u-2"]},
        lambda r: [(a.account_id, a.event_type) for a in r.response] == [("u-1", "login"), ("u-2", "login")],
    ),
    Scenario(
        "get_authorization_url",
        {"client_id": CLIENT_ID, "scopes": ["read:users"], "redirect_uri": REDIRECT, "state": "st-1"},
        lambda r: (
            "code_challenge_method=S256" in r.response.authorization_url and bool(r.response.code_verifier)
        ),
    ),
    Scenario(
        "handle_client_credentials_request",
        {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "scopes": ["read:users"]},
        lambda r: bool(r.response.access_token) and r.response.token_type is TokenType.BEARER,
    ),
]
# handle_authorization_callback and refresh_access_token need a code and a refresh token first:
# they run as a flow in the tests (test_oauth_flow_through_the_connector).
FLOW_METHODS = ("handle_authorization_callback", "refresh_access_token")


def entitlement(account: str) -> dict[str, str]:
    return _entitlement(account)


def callback_payload(callback_url: str, verifier: str) -> dict[str, str]:
    return {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uri_with_code": callback_url,
        "code_verifier": verifier,
    }


def refresh_payload(refresh_token: str) -> dict[str, str]:
    return {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "refresh_token": refresh_token}
