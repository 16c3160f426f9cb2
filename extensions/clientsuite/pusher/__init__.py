"""Pusher Channels, drop-in for the official ``pusher`` package: ``from clientsuite.pusher import Pusher``."""

from typing import TYPE_CHECKING

from clientsuite.pusher import errors
from clientsuite.pusher._sync import Pusher
from clientsuite.pusher.crypto import DecryptionError
from clientsuite.pusher.signing import PusherAuth
from clientsuite.pusher.webhooks import PusherWebhookError

if TYPE_CHECKING:
    from clientsuite.pusher.async_client import AsyncPusher
else:  # loads on first use: a sync user imports no asyncio or aiohttp
    from clientsuite.runtime.lazy import exports

    __getattr__, __dir__ = exports(__name__, {"AsyncPusher": "clientsuite.pusher.async_client"})

__all__ = ["AsyncPusher", "DecryptionError", "Pusher", "PusherAuth", "PusherWebhookError", "errors"]
