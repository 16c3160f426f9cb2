"""Identify and track events: built cheaply on the caller's thread, serialised on the sender's."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from schematic_api.models import CaptureBatch

# (event type, body, time.time() when it happened)
Event = tuple[str, dict[str, Any], float]


def _company(company: Any) -> dict[str, Any]:
    """Accept a dict or an object with ``keys``/``name``/``traits`` (like the official SDK's)."""
    if isinstance(company, Mapping):
        return dict(company)
    fields = {name: getattr(company, name, None) for name in ("keys", "name", "traits")}
    return {name: value for name, value in fields.items() if value is not None}


def identify_event(
    keys: Mapping[str, str], company: Any, name: str | None, traits: Mapping[str, Any] | None
) -> Event:
    if not isinstance(keys, Mapping) or not keys:
        raise ValueError("identify needs at least one user key, e.g. {'user_id': '...'}")
    body: dict[str, Any] = {"keys": dict(keys)}
    if company is not None:
        body["company"] = _company(company)
    if name is not None:
        body["name"] = name
    if traits is not None:
        body["traits"] = dict(traits)
    return ("identify", body, time.time())


def track_event(
    event: str,
    company: Mapping[str, str] | None,
    user: Mapping[str, str] | None,
    traits: Mapping[str, Any] | None,
    quantity: int,
) -> Event:
    if not isinstance(event, str) or not event:
        raise ValueError("track needs an event name")
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 0:
        raise ValueError("quantity must be a non-negative integer")
    body: dict[str, Any] = {"event": event, "quantity": quantity}
    if company:
        body["company"] = company
    if user:
        body["user"] = user
    if traits:
        body["traits"] = traits
    return ("track", body, time.time())


def capture_batch(events: Sequence[Event], api_key: str) -> CaptureBatch:
    """The capture service's wire format; it reads the API key from each event as well."""
    return CaptureBatch.from_dict(
        {
            "events": [
                {
                    "type": kind,
                    "api_key": api_key,
                    "body": body,
                    "sent_at": datetime.fromtimestamp(at, UTC).isoformat(),
                }
                for kind, body, at in events
            ]
        }
    )
