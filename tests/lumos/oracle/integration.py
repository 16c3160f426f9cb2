"""A small but real connector, written with connector-py's ``Integration`` API.

It keeps its accounts in memory so that every capability the suite's client covers has a real
implementation: connector-py parses each request with its own models, runs the capability and
serialises the answer (or the error envelope) itself. ``TOKEN_URL`` (from the environment) is the
authorization server that the OAuth capabilities talk to.
"""

import os

from connector.generated import (
    AccountStatus,
    ActivateAccountRequest,
    ActivateAccountResponse,
    ActivatedAccount,
    AppCategory,
    AssignedEntitlement,
    AssignEntitlementRequest,
    AssignEntitlementResponse,
    CreateAccountRequest,
    CreateAccountResponse,
    CreatedAccount,
    DeactivateAccountRequest,
    DeactivateAccountResponse,
    DeactivatedAccount,
    DeleteAccountRequest,
    DeleteAccountResponse,
    DeletedAccount,
    FindEntitlementAssociationsRequest,
    FindEntitlementAssociationsResponse,
    FoundAccountData,
    FoundEntitlementAssociation,
    FoundEntitlementData,
    FoundResourceData,
    GetAccountRequest,
    GetAccountResponse,
    GetLastActivityRequest,
    GetLastActivityResponse,
    HandleClientCredentialsRequest,
    HandleClientCredentialsResponse,
    LastActivityData,
    ListAccountsRequest,
    ListAccountsResponse,
    ListEntitlementsRequest,
    ListEntitlementsResponse,
    ListResourcesRequest,
    ListResourcesResponse,
    OauthCredentials,
    Page,
    StandardCapabilityName,
    TokenCredential,
    TokenType,
    UnassignedEntitlement,
    UnassignEntitlementRequest,
    UnassignEntitlementResponse,
    UpdateableAccount,
    UpdateAccountRequest,
    UpdateAccountResponse,
    ValidateCredentialsRequest,
    ValidateCredentialsResponse,
    ValidatedCredentials,
)
from connector.oai.capability import get_page, get_token_auth
from connector.oai.errors import ConnectorError, ErrorCode, NotFoundError
from connector.oai.errors.auth import AuthenticationError
from connector.oai.integration import DescriptionData, Integration
from connector.oai.modules.oauth_module_types import OAuthFlowType, OAuthSettings
from connector_sdk_types.errors import ConnectorErrorCode

APP_ID = "oracle"
GOOD_TOKEN = "oracle-token"
TOKEN_URL = os.environ.get("ORACLE_TOKEN_URL", "http://127.0.0.1:9/token")
AUTHORIZE_URL = os.environ.get("ORACLE_AUTHORIZE_URL", "http://127.0.0.1:9/authorize")

ACCOUNTS: dict[str, FoundAccountData] = {
    f"u-{n}": FoundAccountData(
        integration_specific_id=f"u-{n}",
        email=f"user{n}@acme.test",
        username=f"user{n}",
        user_status=AccountStatus.DEPROVISIONED if n == 4 else AccountStatus.ACTIVE,
        custom_attributes={"dept": "eng"} if n == 0 else None,
        extra_data={"seat": n},
    )
    for n in range(5)
}
ASSIGNED: set[tuple[str, str]] = set()


def _check(args: object) -> None:
    if get_token_auth(args).token != GOOD_TOKEN:  # type: ignore[arg-type]
        raise AuthenticationError(message="the token was refused")


async def validate_credentials(args: ValidateCredentialsRequest) -> ValidateCredentialsResponse:
    _check(args)
    tenant = str((args.settings or {}).get("org", "tenant-1"))
    return ValidateCredentialsResponse(response=ValidatedCredentials(valid=True, unique_tenant_id=tenant))


async def list_accounts(args: ListAccountsRequest) -> ListAccountsResponse:
    _check(args)
    page = get_page(args)
    start, size = int(page.token or 0), page.size or 2
    ids = sorted(ACCOUNTS)
    chunk = [ACCOUNTS[i] for i in ids[start : start + size]]
    more = start + size < len(ids)
    return ListAccountsResponse(
        response=chunk,
        page=Page(token=str(start + size), size=size) if more else None,
        raw_data={"returned": len(chunk)} if args.include_raw_data else None,
    )


async def get_account(args: GetAccountRequest) -> GetAccountResponse:
    _check(args)
    account = ACCOUNTS.get(args.request.account_id)
    if account is None:
        raise NotFoundError(message=f"no account {args.request.account_id}")
    return GetAccountResponse(response=account, raw_data={"id": account.integration_specific_id})


async def create_account(args: CreateAccountRequest) -> CreateAccountResponse:
    _check(args)
    return CreateAccountResponse(response=CreatedAccount(created=True, status=AccountStatus.PENDING))


async def update_account(args: UpdateAccountRequest) -> UpdateAccountResponse:
    _check(args)
    if args.request.id not in ACCOUNTS:
        raise NotFoundError(message=f"no account {args.request.id}")
    return UpdateAccountResponse(response=UpdateableAccount(id=args.request.id))


async def activate_account(args: ActivateAccountRequest) -> ActivateAccountResponse:
    _check(args)
    return ActivateAccountResponse(response=ActivatedAccount(activated=True, status=AccountStatus.ACTIVE))


async def deactivate_account(args: DeactivateAccountRequest) -> DeactivateAccountResponse:
    """``account_id`` ``error:<code>`` raises connector-py's ``ConnectorError`` with that code."""
    _check(args)
    wanted = args.request.account_id
    if wanted.startswith("error:"):
        code = wanted.split(":", 1)[1]
        error_code = (
            ConnectorErrorCode(code) if code in ConnectorErrorCode._value2member_map_ else ErrorCode(code)
        )
        raise ConnectorError(message=f"asked for {code}", error_code=error_code, app_error_code="oracle.e42")
    return DeactivateAccountResponse(
        response=DeactivatedAccount(deactivated=True, status=AccountStatus.SUSPENDED)
    )


async def delete_account(args: DeleteAccountRequest) -> DeleteAccountResponse:
    _check(args)
    return DeleteAccountResponse(response=DeletedAccount(deleted=True, status=AccountStatus.DELETED))


async def list_resources(args: ListResourcesRequest) -> ListResourcesResponse:
    _check(args)
    return ListResourcesResponse(
        response=[
            FoundResourceData(resource_type="repo", integration_specific_id="repo-1", label="api"),
            FoundResourceData(resource_type="repo", integration_specific_id="repo-2", label="web"),
        ]
    )


async def list_entitlements(args: ListEntitlementsRequest) -> ListEntitlementsResponse:
    _check(args)
    return ListEntitlementsResponse(
        response=[
            FoundEntitlementData(
                integration_specific_id="admin",
                integration_specific_resource_id="repo-1",
                entitlement_type="role",
                is_assignable=True,
                label="Admin",
                resource_type="repo",
            )
        ]
    )


async def find_entitlement_associations(
    args: FindEntitlementAssociationsRequest,
) -> FindEntitlementAssociationsResponse:
    _check(args)
    return FindEntitlementAssociationsResponse(
        response=[
            FoundEntitlementAssociation(
                integration_specific_entitlement_id=entitlement,
                account_id=account,
                integration_specific_resource_id="repo-1",
            )
            for account, entitlement in sorted(ASSIGNED)
        ]
    )


def _pair(args: AssignEntitlementRequest | UnassignEntitlementRequest) -> tuple[str, str]:
    return args.request.account_integration_specific_id, args.request.entitlement_integration_specific_id


async def assign_entitlement(args: AssignEntitlementRequest) -> AssignEntitlementResponse:
    _check(args)
    if args.request.account_integration_specific_id not in ACCOUNTS:
        raise NotFoundError(message="no such account")
    ASSIGNED.add(_pair(args))
    return AssignEntitlementResponse(response=AssignedEntitlement(assigned=True))


async def unassign_entitlement(args: UnassignEntitlementRequest) -> UnassignEntitlementResponse:
    _check(args)
    if _pair(args) not in ASSIGNED:
        raise NotFoundError(message="no such assignment")
    ASSIGNED.discard(_pair(args))
    return UnassignEntitlementResponse(response=UnassignedEntitlement(unassigned=True))


async def get_last_activity(args: GetLastActivityRequest) -> GetLastActivityResponse:
    _check(args)
    return GetLastActivityResponse(
        response=[
            LastActivityData(account_id=i, event_type="login", happened_at="2026-11-30T12:00:00Z")
            for i in args.request.account_ids
        ]
    )


async def handle_client_credentials_request(
    args: HandleClientCredentialsRequest,
) -> HandleClientCredentialsResponse:
    """Registered by hand: connector-py registers the code flow's capabilities from the settings."""
    import httpx

    data = {"grant_type": "client_credentials", "client_id": args.request.client_id}
    data["client_secret"] = args.request.client_secret
    async with httpx.AsyncClient() as client:
        answer = await client.post(TOKEN_URL, data=data)
    body = answer.json()
    if answer.status_code >= 400:
        raise AuthenticationError(message=str(body.get("error")))
    return HandleClientCredentialsResponse(
        response=OauthCredentials(
            access_token=body["access_token"],
            refresh_token=body.get("refresh_token"),
            token_type=TokenType.BEARER,
        ),
        raw_data={"expires_in": body.get("expires_in")} if args.include_raw_data else None,
    )


integration = Integration(
    app_id=APP_ID,
    version="1.2.3",
    auth=TokenCredential,
    exception_handlers=[],
    description_data=DescriptionData(
        logo_url="https://oracle.test/logo.png",
        app_vendor_domain="oracle.test",
        user_friendly_name="Oracle",
        description="A test connector",
        categories=[AppCategory.DEVELOPERS],
    ),
    oauth_settings=OAuthSettings(
        authorization_url=AUTHORIZE_URL,
        token_url=TOKEN_URL,
        scopes={StandardCapabilityName.LIST_ACCOUNTS.value: "read:users"},
        flow_type=OAuthFlowType.CODE_FLOW,
        pkce=True,
    ),
)
integration.register_capabilities(
    {
        StandardCapabilityName.VALIDATE_CREDENTIALS: validate_credentials,
        StandardCapabilityName.LIST_ACCOUNTS: list_accounts,
        StandardCapabilityName.GET_ACCOUNT: get_account,
        StandardCapabilityName.CREATE_ACCOUNT: create_account,
        StandardCapabilityName.UPDATE_ACCOUNT: update_account,
        StandardCapabilityName.ACTIVATE_ACCOUNT: activate_account,
        StandardCapabilityName.DEACTIVATE_ACCOUNT: deactivate_account,
        StandardCapabilityName.DELETE_ACCOUNT: delete_account,
        StandardCapabilityName.LIST_RESOURCES: list_resources,
        StandardCapabilityName.LIST_ENTITLEMENTS: list_entitlements,
        StandardCapabilityName.FIND_ENTITLEMENT_ASSOCIATIONS: find_entitlement_associations,
        StandardCapabilityName.ASSIGN_ENTITLEMENT: assign_entitlement,
        StandardCapabilityName.UNASSIGN_ENTITLEMENT: unassign_entitlement,
        StandardCapabilityName.GET_LAST_ACTIVITY: get_last_activity,
        StandardCapabilityName.HANDLE_CLIENT_CREDENTIALS_REQUEST: handle_client_credentials_request,
    }
)
