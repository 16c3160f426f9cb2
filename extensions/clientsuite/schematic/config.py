"""``SchematicConfig``: the official SDK's options, plus the suite's."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import httpx

from clientsuite.runtime import Hooks

DEFAULT_BASE_URL = "https://api.schematichq.com"
DEFAULT_EVENT_CAPTURE_URL = "https://c.schematichq.com"


@attrs.define(kw_only=True)
class SchematicConfig:
    """How a :class:`~clientsuite.schematic.Schematic` client behaves.

    ``cache_providers=None`` means one ``LocalCache()``; ``[]`` disables caching. ``flag_defaults``
    answer flag checks when the client is offline or the API fails. ``max_buffered_events`` bounds
    the event buffer (the oldest events are dropped past it, and counted).
    """

    cache_providers: Sequence[Any] | None = None
    flag_defaults: Mapping[str, bool] | None = None
    offline: bool = False
    base_url: str = DEFAULT_BASE_URL
    event_capture_url: str = DEFAULT_EVENT_CAPTURE_URL
    event_buffer_period: float = 5
    max_events_per_batch: int = attrs.field(default=100)
    max_buffered_events: int = 10_000
    timeout: float = 60
    max_retries: int = 2
    http_client: httpx.Client | httpx.AsyncClient | None = attrs.field(default=None, repr=False)
    hooks: Hooks | Mapping[str, Any] | None = None

    @max_events_per_batch.validator
    def _batch_limit(self, _attribute: object, value: int) -> None:
        if not 1 <= value <= 100:
            raise ValueError("max_events_per_batch must be between 1 and 100 (the capture service's limit)")
