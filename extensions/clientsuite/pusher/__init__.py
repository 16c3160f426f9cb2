"""Pusher Channels, drop-in for the official ``pusher`` package: ``from clientsuite.pusher import Pusher``."""

from clientsuite.pusher import errors
from clientsuite.pusher._sync import Pusher
from clientsuite.pusher.async_client import AsyncPusher
from clientsuite.pusher.crypto import DecryptionError
from clientsuite.pusher.signing import PusherAuth
from clientsuite.pusher.webhooks import PusherWebhookError

__all__ = ["AsyncPusher", "DecryptionError", "Pusher", "PusherAuth", "PusherWebhookError", "errors"]
