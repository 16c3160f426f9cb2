"""Identify and track events: built cheaply on the caller's thread, serialised on the sender's."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # loads on the sender's thread, with the first batch
    from schematic_api.models import CaptureBatch

    # re-exported for type checkers: the names stay importable from here
    from clientsuite.schematic.options import EventBodyIdentifyCompany as EventBodyIdentifyCompany
    from clientsuite.schematic.options import IdentifyOptions as IdentifyOptions
    from clientsuite.schematic.options import TrackOptions as TrackOptions
else:  # the option classes load when a caller first builds one (events are read by duck typing)
    from clientsuite.runtime.lazy import exports

    __getattr__, __dir__ = exports(
        __name__,
        dict.fromkeys(
            ("EventBodyIdentifyCompany", "IdentifyOptions", "TrackOptions"), "clientsuite.schematic.options"
        ),
    )

# (event type, body, the event's own fields: idempotency_key, sent_at, ...)
Event = tuple[str, dict[str, Any], dict[str, Any]]

_EVENT_FIELDS = ("idempotency_key", "sent_at", "trusted_client_clock", "backfill")


def event_fields(options: Any) -> dict[str, Any]:
    """The fields set on ``options`` (ours or the official dataclasses); unset ones stay off the wire."""
    if options is None:
        return {}
    fields = {name: getattr(options, name, None) for name in _EVENT_FIELDS}
    sent_at = fields.get("sent_at")
    if sent_at is not None:
        if not isinstance(sent_at, datetime):
            raise TypeError("options.sent_at must be a datetime")
        fields["sent_at"] = utc_text(sent_at)
    return {name: value for name, value in fields.items() if value is not None}


def utc_text(moment: datetime) -> str:
    """RFC 3339 as the official SDK writes it: UTC as ``Z``."""
    text = moment.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _given(company: Any) -> list[str]:
    names = ("keys", "name", "traits")
    set_by_caller = getattr(company, "model_fields_set", None)  # the official pydantic object
    if set_by_caller is not None:
        return [name for name in names if name in set_by_caller]
    return [name for name in names if name == "keys" or getattr(company, name, None) is not None]


def _company(company: Any) -> dict[str, Any]:
    """The company as the official SDK sends it: the fields given, ``None`` included if given.

    A dict is taken as given; the official pydantic object says which fields were set; for the
    suite's ``EventBodyIdentifyCompany`` a field left ``None`` counts as not given.
    """
    if isinstance(company, Mapping):
        fields = dict(company)
    else:
        fields = {name: getattr(company, name, None) for name in _given(company)}
    return {name: dict(value) if isinstance(value, Mapping) else value for name, value in fields.items()}


def identify_event(
    keys: Mapping[str, str],
    company: Any,
    name: str | None,
    traits: Mapping[str, Any] | None,
    options: Any = None,
) -> Event:
    if not isinstance(keys, Mapping) or not keys:
        raise ValueError("identify needs at least one user key, e.g. {'user_id': '...'}")
    # Every field, null when not given, as the official SDK sends it.
    body: dict[str, Any] = {
        "keys": dict(keys),
        "company": _company(company) if company is not None else None,
        "name": name,
        "traits": dict(traits) if traits is not None else None,
    }
    return ("identify", body, event_fields(options))


def track_event(
    event: str,
    company: Mapping[str, str] | None,
    user: Mapping[str, str] | None,
    traits: Mapping[str, Any] | None,
    quantity: int | None,
    options: Any = None,
) -> Event:
    if not isinstance(event, str) or not event:
        raise ValueError("track needs an event name")
    if quantity is not None and (isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 0):
        raise ValueError("quantity must be a non-negative integer")
    body: dict[str, Any] = {"event": event, "quantity": quantity}
    for field, value in (("company", company), ("user", user), ("traits", traits)):
        body[field] = dict(value) if value is not None else None
    return ("track", body, event_fields(options))


def capture_batch(events: Sequence[Event], api_key: str) -> CaptureBatch:
    """The capture service's wire format; it reads the API key from each event as well."""
    from schematic_api.models.capture_batch import CaptureBatch

    return CaptureBatch.from_dict(
        {
            "events": [
                {"type": kind, "api_key": api_key, "body": body, **fields} for kind, body, fields in events
            ]
        }
    )
