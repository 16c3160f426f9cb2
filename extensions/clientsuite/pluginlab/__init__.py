"""PluginLab admin, drop-in for ``pluginlab_admin``: ``from clientsuite.pluginlab import App``."""

from clientsuite.pluginlab._async import AsyncApp, AsyncAppAuth, AsyncAppEvent, AsyncAppMonetization
from clientsuite.pluginlab._sync import App, AppAuth, AppEvent, AppMonetization
from clientsuite.pluginlab.events import EventLocation
from clientsuite.pluginlab.members import PaginatedMembers
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
