"""Pusher Channels, drop-in for the official ``pusher`` package: ``from clientsuite.pusher import Pusher``."""

from typing import TYPE_CHECKING

from clientsuite.pusher._sync import Pusher
from clientsuite.pusher.crypto import DecryptionError
from clientsuite.pusher.signing import PusherAuth

if TYPE_CHECKING:
    from clientsuite.pusher import errors
    from clientsuite.pusher.async_client import AsyncPusher
    from clientsuite.pusher.webhooks import PusherWebhookError
else:  # load on first use: a sync user imports no asyncio or aiohttp, webhooks load with the first
    # webhook, the official error names with the first ``except pusher.errors...``
    from clientsuite.runtime.lazy import exports

    __getattr__, __dir__ = exports(
        __name__,
        {
            "AsyncPusher": "clientsuite.pusher.async_client",
            "errors": "clientsuite.pusher",
            "PusherWebhookError": "clientsuite.pusher.webhooks",
        },
    )

__all__ = ["AsyncPusher", "DecryptionError", "Pusher", "PusherAuth", "PusherWebhookError", "errors"]
