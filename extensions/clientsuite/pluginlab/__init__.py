"""PluginLab admin, drop-in for ``pluginlab_admin``: ``from clientsuite.pluginlab import App``."""

from typing import TYPE_CHECKING

from clientsuite.pluginlab._sync import App, AppAuth, AppEvent, AppMonetization
from clientsuite.pluginlab.members import PaginatedMembers

if TYPE_CHECKING:
    from clientsuite.pluginlab._async import AsyncApp, AsyncAppAuth, AsyncAppEvent, AsyncAppMonetization
    from clientsuite.pluginlab.claims import InvalidTokenError, KeyFetchError, TokenPayload, TokenPayloadUser
    from clientsuite.pluginlab.events import EventLocation
    from clientsuite.pluginlab.tokens import TokenVerifier
    from clientsuite.pluginlab.webhooks import PluginLabWebhookError, Webhook, WebhookHeaders
else:  # load on first use: the async clients (asyncio, aiohttp), token verification and webhooks
    from clientsuite.runtime.lazy import exports

    __getattr__, __dir__ = exports(
        __name__,
        {
            **dict.fromkeys(
                ("AsyncApp", "AsyncAppAuth", "AsyncAppEvent", "AsyncAppMonetization"), f"{__name__}._async"
            ),
            **dict.fromkeys(
                ("InvalidTokenError", "KeyFetchError", "TokenPayload", "TokenPayloadUser"),
                f"{__name__}.claims",
            ),
            "TokenVerifier": f"{__name__}.tokens",
            "EventLocation": f"{__name__}.events",
            **dict.fromkeys(("PluginLabWebhookError", "Webhook", "WebhookHeaders"), f"{__name__}.webhooks"),
        },
    )

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
