"""The official SDK's option and body classes for flag checks and events.

The client reads them by duck typing (``getattr``), so this module loads when a caller first
builds one, not with ``import clientsuite.schematic``; ``events`` and ``flags`` still export them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import attrs


@attrs.define
class EventBodyIdentifyCompany:
    """The company an identify event links the user to (the official class of that name)."""

    keys: Mapping[str, str]
    name: str | None = None
    traits: Mapping[str, Any] | None = None


@attrs.define
class TrackOptions:
    """A track event's own fields, sent only when set (as the official ``TrackOptions``)."""

    idempotency_key: str | None = None
    sent_at: datetime | None = None
    trusted_client_clock: bool | None = None
    backfill: bool | None = None


@attrs.define
class IdentifyOptions:
    """An identify event's own fields. ``prewarm`` (credit leases) is accepted and has no effect."""

    idempotency_key: str | None = None
    prewarm: list[str] | None = None


@attrs.define
class EventUsage:
    """Usage of one event subtype, for a preflighted flag check."""

    event_subtype: str
    quantity: float


@attrs.define
class CheckFlagOptions:
    """Per-check options, as the official ``CheckFlagOptions``.

    ``default_value`` (a bool or a callable) answers when the check cannot; ``timeout`` bounds the
    request; ``usage``/``event_usage``/``credit_cost`` ask "would this be allowed?" (a preflight),
    which is never answered from or written to the cache.
    """

    default_value: bool | Callable[[], bool] | None = None
    timeout: float | None = None
    usage: float | None = None
    event_usage: EventUsage | None = None
    credit_cost: Mapping[str, float] | None = None
