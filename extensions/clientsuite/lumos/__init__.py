"""Lumos connectors from the orchestrator's side: ``from clientsuite.lumos import ConnectorClient``."""

from clientsuite.lumos.client import CAPABILITIES, AsyncConnectorClient, ConnectorClient
from clientsuite.lumos.errors import (
    ConnectorBadRequestError,
    ConnectorError,
    ConnectorNotFoundError,
    ConnectorNotImplementedError,
    ConnectorPermissionDeniedError,
    ConnectorRateLimitError,
    ConnectorUnauthorizedError,
    ConnectorUnexpectedError,
    NotImplementedCapability,
)
from clientsuite.lumos.oauth import (
    AuthorizationRequest,
    ClientAuthenticationMethod,
    ConnectorOAuth,
    OAuthClient,
    OAuthError,
    OAuthFlowType,
    OAuthSettings,
    OAuthStateMismatchError,
    RequestDataType,
    Token,
)

__all__ = [
    "CAPABILITIES",
    "AsyncConnectorClient",
    "AuthorizationRequest",
    "ClientAuthenticationMethod",
    "ConnectorBadRequestError",
    "ConnectorClient",
    "ConnectorError",
    "ConnectorNotFoundError",
    "ConnectorNotImplementedError",
    "ConnectorOAuth",
    "ConnectorPermissionDeniedError",
    "ConnectorRateLimitError",
    "ConnectorUnauthorizedError",
    "ConnectorUnexpectedError",
    "NotImplementedCapability",
    "OAuthClient",
    "OAuthError",
    "OAuthFlowType",
    "OAuthSettings",
    "OAuthStateMismatchError",
    "RequestDataType",
    "Token",
]
