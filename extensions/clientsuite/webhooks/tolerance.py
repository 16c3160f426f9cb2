"""Refuse webhooks whose signed timestamp is too old (or too far ahead): replays and clock abuse."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Literal

from clientsuite.webhooks.errors import WebhookTimestampError

DEFAULT_TOLERANCE_SECONDS = 300.0


Unit = Literal["s", "ms", "auto"]
_MS_THRESHOLD = 1e11  # a Unix time in seconds stays below this until the year 5138


def parse_timestamp(value: object, unit: Unit = "s") -> float:
    """The timestamp in seconds; a :class:`WebhookTimestampError` when it is not a finite number."""
    if isinstance(value, bool) or value is None:
        raise WebhookTimestampError("timestamp is missing")
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    try:
        number = float(value.strip()) if isinstance(value, str) else float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise WebhookTimestampError("timestamp is not a number") from None
    except OverflowError:  # an int beyond a float's range (10**309)
        raise WebhookTimestampError("timestamp is not a finite number") from None
    if not math.isfinite(number):
        raise WebhookTimestampError("timestamp is not a finite number")
    if unit == "ms" or (unit == "auto" and abs(number) >= _MS_THRESHOLD):
        return number / 1000.0
    return number


def check_timestamp(
    value: object,
    *,
    tolerance: float | None = DEFAULT_TOLERANCE_SECONDS,
    now: Callable[[], float] = time.time,
    unit: Unit = "s",
) -> float:
    """The timestamp in seconds when it lies within ``tolerance`` of ``now``; ``None`` disables the window."""
    seconds = parse_timestamp(value, unit)
    if tolerance is None:
        return seconds
    age = now() - seconds
    if age > tolerance:
        raise WebhookTimestampError(f"timestamp is {age:.0f} s old, tolerance is {tolerance:.0f} s")
    if -age > tolerance:
        raise WebhookTimestampError(
            f"timestamp is {-age:.0f} s in the future, tolerance is {tolerance:.0f} s"
        )
    return seconds
