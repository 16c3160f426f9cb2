"""The shapes of what the Pusher facade returns: plain dicts, as the official library returns, typed.

The official ``pusher`` package answers with dicts, so the suite does too (switching is a change of
import); these ``TypedDict``s give a type checker the fields, e.g. ``channel_info(...)["occupied"]``
is a ``bool``. Keys the API leaves out are absent, as in the official dicts.
"""

from __future__ import annotations

from typing import Any, TypedDict


class ChannelAttributes(TypedDict, total=False):
    user_count: int
    subscription_count: int


class ChannelInfo(TypedDict, total=False):
    occupied: bool
    user_count: int
    subscription_count: int


class ChannelsInfo(TypedDict):
    channels: dict[str, ChannelAttributes]


class PresenceUser(TypedDict):
    id: str


class UsersInfo(TypedDict):
    users: list[PresenceUser]


class TriggerResult(TypedDict, total=False):
    channels: dict[str, ChannelAttributes]
    event_ids: dict[str, str]


class BatchResult(TypedDict, total=False):
    batch: list[ChannelAttributes]


class WebhookEvents(TypedDict):
    """A verified webhook: when it was sent and its events (each a dict with at least ``name``)."""

    time_ms: int
    events: list[dict[str, Any]]
