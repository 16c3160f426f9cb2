"""PluginLab admin, drop-in for ``pluginlab_admin``: ``from clientsuite.pluginlab import App``."""

from clientsuite.pluginlab.app import App, AsyncApp
from clientsuite.pluginlab.auth import AppAuth, AsyncAppAuth
from clientsuite.pluginlab.events import AppEvent, AsyncAppEvent, EventLocation
from clientsuite.pluginlab.members import PaginatedMembers
from clientsuite.pluginlab.monetization import AppMonetization, AsyncAppMonetization
from clientsuite.pluginlab.tokens import (
    InvalidTokenError,
    KeyFetchError,
    TokenPayload,
    TokenPayloadUser,
    TokenVerifier,
)
from clientsuite.pluginlab.webhooks import PluginLabWebhookError, Webhook, WebhookHeaders

__all__ = [
    "App",
    "AppAuth",
    "AppEvent",
    "AppMonetization",
    "AsyncApp",
    "AsyncAppAuth",
    "AsyncAppEvent",
    "AsyncAppMonetization",
    "EventLocation",
    "InvalidTokenError",
    "KeyFetchError",
    "PaginatedMembers",
    "PluginLabWebhookError",
    "TokenPayload",
    "TokenPayloadUser",
    "TokenVerifier",
    "Webhook",
    "WebhookHeaders",
]
