"""The Channels API's limits, checked before anything is sent (clear ``ValueError``/``TypeError``)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from clientsuite.pusher.crypto import is_encrypted_channel

CHANNEL_NAME = re.compile(r"[-a-zA-Z0-9_=@,.;]+")
SERVER_TO_USER_CHANNEL = re.compile(r"#server-to-user-[-a-zA-Z0-9_=@,.;]+")
SOCKET_ID = re.compile(r"\d+\.\d+")
APP_ID = re.compile(r"[0-9]+")
MAX_CHANNEL_NAME = 200
MAX_CHANNELS_PER_TRIGGER = 100
MAX_EVENT_NAME = 200
MAX_EVENTS_PER_BATCH = 10
DEFAULT_MAX_EVENT_BYTES = 10 * 1024  # the documented limit; paid plans can raise it


def text(value: object, what: str) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8")
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a string, not {type(value).__name__}")
    return value


def app_id(value: object) -> str:
    value = text(value, "app_id")
    if not APP_ID.fullmatch(value):
        raise ValueError("app_id must be the app's numeric id, e.g. '123'")
    return value


def channel(name: object) -> str:
    name = text(name, "channel")
    if len(name) > MAX_CHANNEL_NAME:
        raise ValueError(f"channel name is {len(name)} characters long, the limit is {MAX_CHANNEL_NAME}")
    if not (CHANNEL_NAME.fullmatch(name) or SERVER_TO_USER_CHANNEL.fullmatch(name)):
        raise ValueError(f"invalid channel name {name!r}: use letters, digits and -_=@,.;")
    return name


def channels(names: str | bytes | Iterable[str]) -> list[str]:
    """A channel or several; at most 100, and an encrypted channel only on its own.

    A dict is refused (``TypeError``) as the official library does: its keys are not meant as channels.
    """
    if isinstance(names, Mapping) or not isinstance(names, str | bytes | Iterable):
        raise TypeError("channels must be a channel name or a list of channel names")
    listed = [names] if isinstance(names, str | bytes) else list(names)
    if not listed:
        raise ValueError("at least one channel is required")
    if len(listed) > MAX_CHANNELS_PER_TRIGGER:
        raise ValueError(f"{len(listed)} channels given, the limit is {MAX_CHANNELS_PER_TRIGGER} per trigger")
    checked = [channel(name) for name in listed]
    if len(checked) > 1 and any(is_encrypted_channel(name) for name in checked):
        raise ValueError("an encrypted channel must be triggered on its own, not with other channels")
    return checked


def event_name(name: object) -> str:
    name = text(name, "event_name")
    if not name:
        raise ValueError("event_name must not be empty")
    if len(name) > MAX_EVENT_NAME:
        raise ValueError(f"event name is {len(name)} characters long, the limit is {MAX_EVENT_NAME}")
    return name


def socket_id(value: object) -> str:
    value = text(value, "socket_id")
    if not SOCKET_ID.fullmatch(value):
        raise ValueError(f"invalid socket_id {value!r}: expected digits.digits, e.g. '1234.5678'")
    return value


def user_id(value: object) -> str:
    value = text(value, "user_id")
    if not value or len(value) > MAX_CHANNEL_NAME:
        raise ValueError("user_id must be 1 to 200 characters long")
    if not CHANNEL_NAME.fullmatch(value):
        raise ValueError(f"invalid user_id {value!r}: use letters, digits and -_=@,.;")
    return value


def data_text(data: Any, encoder: type[json.JSONEncoder] | None) -> str:
    """Event data as sent: strings as they are, anything else as JSON.

    The JSON text is the official library's: ``json.dumps`` defaults (``", "`` and ``": "``) with
    non-ASCII characters kept as they are, so the same data counts the same bytes against the limit.
    """
    if isinstance(data, str):
        return data
    try:
        return json.dumps(data, cls=encoder, ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"data is not JSON-serialisable: {exc}") from exc


def check_size(data: str, limit: int) -> str:
    size = len(data.encode())
    if size > limit:
        raise ValueError(f"event data is {size} bytes, the limit is {limit} (max_event_bytes)")
    return data


def batch_size(count: int) -> None:
    if count == 0:
        raise ValueError("a batch needs at least one event")
    if count > MAX_EVENTS_PER_BATCH:
        raise ValueError(f"{count} events given, the limit is {MAX_EVENTS_PER_BATCH} per batch")
