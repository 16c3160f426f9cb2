"""Authorise channel subscriptions and user sign-in, as the Channels client libraries expect."""

from __future__ import annotations

import base64
import json
from typing import Any

from clientsuite.pusher import rules
from clientsuite.pusher.crypto import is_encrypted_channel, shared_secret
from clientsuite.pusher.signing import sign


def authenticate(
    key: str,
    secret: str,
    channel: str,
    socket_id: str,
    custom_data: dict[str, Any] | None = None,
    *,
    master_key: bytes | None = None,
    encoder: type[json.JSONEncoder] | None = None,
) -> dict[str, str]:
    """The body to answer a private or presence channel auth request with."""
    channel = rules.channel(channel)
    if channel.startswith("#"):
        raise ValueError("server-to-user channels cannot be subscribed to with channel auth")
    socket_id = rules.socket_id(socket_id)
    parts = [socket_id, channel]
    result: dict[str, str] = {}
    if custom_data:  # as in the official library, empty custom data is no custom data
        if channel.startswith("presence-") and "user_id" not in custom_data:
            raise ValueError("custom_data for a presence channel needs a 'user_id'")
        channel_data = json.dumps(custom_data, cls=encoder)
        parts.append(channel_data)
        result["channel_data"] = channel_data
    elif channel.startswith("presence-"):
        raise ValueError("a presence channel needs custom_data with a 'user_id'")
    result = {"auth": f"{key}:{sign(secret, ':'.join(parts))}", **result}
    if is_encrypted_channel(channel):
        if master_key is None:
            raise ValueError("encrypted channels need encryption_master_key_base64")
        result["shared_secret"] = base64.b64encode(shared_secret(channel, master_key)).decode()
    return result


def authenticate_user(
    key: str,
    secret: str,
    socket_id: str,
    user_data: dict[str, Any] | None,
    *,
    encoder: type[json.JSONEncoder] | None = None,
) -> dict[str, str]:
    """The body to answer a user authentication (sign-in) request with."""
    if user_data is None:  # a ValueError, as in the official library
        raise ValueError("user_data is required: a dict with the user's 'id'")
    if not isinstance(user_data, dict):
        raise TypeError("user_data must be a dict")
    user_id = user_data.get("id")
    if user_id is None:
        raise ValueError("user_data needs an 'id'")
    rules.user_id(user_id)
    socket_id = rules.socket_id(socket_id)
    user_json = json.dumps(user_data, cls=encoder)
    signature = sign(secret, f"{socket_id}::user::{user_json}")
    return {"auth": f"{key}:{signature}", "user_data": user_json}
