"""Lumos connectors from the orchestrator's side: ``from clientsuite.lumos import ConnectorClient``."""

from typing import TYPE_CHECKING

from clientsuite.lumos._sync import ConnectorClient
from clientsuite.lumos.capabilities import CAPABILITIES

if TYPE_CHECKING:
    from clientsuite.lumos._async import AsyncConnectorClient
    from clientsuite.lumos.connector_auth import ConnectorOAuth
    from clientsuite.lumos.errors import (
        ConnectorBadRequestError,
        ConnectorConflictError,
        ConnectorError,
        ConnectorNotFoundError,
        ConnectorNotImplementedError,
        ConnectorPermissionDeniedError,
        ConnectorRateLimitError,
        ConnectorUnauthorizedError,
        ConnectorUnexpectedError,
        ConnectorUpstreamError,
        NotImplementedCapability,
    )
    from clientsuite.lumos.oauth import (
        AuthorizationRequest,
        ClientAuthenticationMethod,
        OAuthClient,
        OAuthError,
        OAuthFlowType,
        OAuthSettings,
        OAuthStateMismatchError,
        RequestDataType,
        Token,
    )
else:  # load on first use: the async client (asyncio, aiohttp), the errors and the OAuth side
    from clientsuite.runtime.lazy import exports

    __getattr__, __dir__ = exports(
        __name__,
        {
            "AsyncConnectorClient": "clientsuite.lumos._async.client",
            "ConnectorOAuth": "clientsuite.lumos.connector_auth",
            **dict.fromkeys(
                (
                    "ConnectorBadRequestError",
                    "ConnectorConflictError",
                    "ConnectorError",
                    "ConnectorNotFoundError",
                    "ConnectorNotImplementedError",
                    "ConnectorPermissionDeniedError",
                    "ConnectorRateLimitError",
                    "ConnectorUnauthorizedError",
                    "ConnectorUnexpectedError",
                    "ConnectorUpstreamError",
                    "NotImplementedCapability",
                ),
                "clientsuite.lumos.errors",
            ),
            **dict.fromkeys(
                (
                    "AuthorizationRequest",
                    "ClientAuthenticationMethod",
                    "OAuthClient",
                    "OAuthError",
                    "OAuthFlowType",
                    "OAuthSettings",
                    "OAuthStateMismatchError",
                    "RequestDataType",
                    "Token",
                ),
                "clientsuite.lumos.oauth",
            ),
        },
    )

__all__ = [
    "CAPABILITIES",
    "AsyncConnectorClient",
    "AuthorizationRequest",
    "ClientAuthenticationMethod",
    "ConnectorBadRequestError",
    "ConnectorClient",
    "ConnectorConflictError",
    "ConnectorError",
    "ConnectorNotFoundError",
    "ConnectorNotImplementedError",
    "ConnectorOAuth",
    "ConnectorPermissionDeniedError",
    "ConnectorRateLimitError",
    "ConnectorUnauthorizedError",
    "ConnectorUnexpectedError",
    "ConnectorUpstreamError",
    "NotImplementedCapability",
    "OAuthClient",
    "OAuthError",
    "OAuthFlowType",
    "OAuthSettings",
    "OAuthStateMismatchError",
    "RequestDataType",
    "Token",
]
