"""What ``Schematic`` and ``AsyncSchematic`` share: configuration, caches, defaults, the event buffer.

The configuration classes and the event buffer load with the first client, not with the package.

Nothing here waits on the network on the caller's behalf: events are sent by the buffer's own
thread with a sync client on both sides, and flag checks are the facades' (``_async/client.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from clientsuite.cache.local import LocalCache
from clientsuite.redaction import Secret, check_secret
from clientsuite.runtime.calls import call
from clientsuite.runtime.lazy import lazy
from clientsuite.schematic.events import Event, capture_batch
from clientsuite.schematic.flags import (
    REASON_ERROR,
    REASON_OFFLINE,
    Caches,
    Outage,
    check_arguments,
    default_result,
)
from clientsuite.schematic.keys import NO_CONTEXT, Context, FlagKey, flag_key

if TYPE_CHECKING:
    from schematic_api.api.events import capture_events
    from schematic_api.models import CheckFlagResponseData

    from clientsuite.schematic.buffer import BufferStats, EventBuffer
    from clientsuite.schematic.config import BaseSchematicConfig
else:  # loads on first use
    capture_events = lazy("schematic_api.api.events", "capture_events")

DEFAULT_CLOSE_TIMEOUT = 5.0  # seconds that close() and the exit flush may take at most


class SchematicBase:
    """Configuration, caches, flag defaults and the event buffer: what both clients share."""

    def __init__(self, api_key: str, config: BaseSchematicConfig | None = None) -> None:
        # the configurations and the event buffer load with the first client
        from clientsuite.schematic.buffer import EventBuffer
        from clientsuite.schematic.config import SchematicConfig, pick_logger, sync_client

        config = config or SchematicConfig()
        if not isinstance(api_key, str):
            raise TypeError("api_key must be a string")
        if not api_key and not config.offline:
            raise ValueError("an api_key is required unless the client is offline")
        self.config = config
        self._api_key = Secret(check_secret(api_key, "api_key", allow_empty=True))
        self.offline = config.offline
        self.flag_defaults: dict[str, bool] = dict(config.flag_defaults or {})
        self.cache_providers: list[Any] = (
            [LocalCache()] if config.cache_providers is None else list(config.cache_providers)
        )
        self.logger = pick_logger(config)
        self._caches = Caches(self.cache_providers, self.logger, offline=config.offline)
        self._local = self._caches.local
        self._context: Context = NO_CONTEXT  # the last company/user key sets, frozen
        self._outage = Outage(self.logger)
        from schematic_api.client import Client  # the generated client and the transport: built here

        from clientsuite.runtime.config import ClientConfig, attach
        from clientsuite.runtime.credentials import SecretHeaders

        base = ClientConfig(
            config.base_url,
            package="schematic_api",
            auth=SecretHeaders({"X-Schematic-Api-Key": self._api_key}, origin=config.base_url),
            timeout=config.timeout,
            max_retries=config.max_retries,
            hooks=config.hooks,
            offline=config.offline,
        )
        self._api_config = base
        # Events go through the user's sync httpx_client too, as in the official SDK.
        key = SecretHeaders({"X-Schematic-Api-Key": self._api_key}, origin=config.event_capture_url)
        capture = attrs.evolve(base, base_url=config.event_capture_url, auth=key, **sync_client(config))
        # The buffer sends from its own thread with a sync client, also under AsyncSchematic.
        self._capture = attach(Client(base_url=config.event_capture_url), capture, asynchronous=False)
        self._events: EventBuffer[Event] = EventBuffer(
            self._send_events,
            period=config.event_buffer_period,
            max_batch=config.max_events_per_batch,
            max_buffered=config.max_buffered_events,
        )

    @property
    def flag_check_cache_providers(self) -> list[Any]:
        """The official SDK's name for :attr:`cache_providers`."""
        return self.cache_providers

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.config.base_url!r}, offline={self.offline})"

    # -- flag defaults ---------------------------------------------------------------------------

    def set_flag_default(self, flag_key: str, value: bool) -> None:
        self.flag_defaults[flag_key] = value

    def set_flag_defaults(self, values: Mapping[str, bool]) -> None:
        self.flag_defaults.update(values)

    def _default(self, flag: str, reason: str, options: Any = None) -> dict[str, Any]:
        return default_result(flag, self.flag_defaults, reason, options)

    def _defaults(self, wanted: list[str], reason: str, options: Any) -> list[CheckFlagResponseData]:
        from schematic_api.models.check_flag_response_data import CheckFlagResponseData

        return [CheckFlagResponseData.from_dict(self._default(k, reason, options)) for k in wanted]

    def _offline_flags(self, flag_keys: Sequence[str] | None, options: Any) -> list[CheckFlagResponseData]:
        return self._defaults(list(flag_keys or self.flag_defaults), REASON_OFFLINE, options)

    def _failed(self, flag: str, error: Exception, options: Any) -> dict[str, Any]:
        self._outage.failed(error)
        return self._default(flag, f"{REASON_ERROR}: {error}", options)

    def _key(self, flag: str, company: Mapping[str, str] | None, user: Mapping[str, str] | None) -> FlagKey:
        """The cache key; the frozen key sets are remembered for the next check (see ``keys``)."""
        try:
            frozen_company = frozenset(company.items()) if company else None
            frozen_user = frozenset(user.items()) if user else None
            # Copies, so that a later change to the caller's dict cannot make it look equal.
            copy_company, copy_user = ({**company} if company else None), ({**user} if user else None)
        except Exception:  # unhashable values (keyed by their JSON) or bad arguments
            try:
                return flag_key(flag, company, user)
            except (AttributeError, TypeError):
                check_arguments(flag, company, user)
                raise
        # One attribute store: a thread reading it sees the old or the new pair, never a mix.
        self._context = (copy_company, copy_user, frozen_company, frozen_user)
        return (flag, frozen_company, frozen_user)

    # -- events ----------------------------------------------------------------------------------

    def _send_events(self, events: Sequence[Event]) -> None:
        body = capture_batch(events, self._api_key.reveal())
        call("capture_events", capture_events.sync, client=self._capture, body=body)

    def _push(self, event: Event) -> None:
        self._events.push(event)

    def event_stats(self) -> BufferStats:
        """Delivered, dropped (buffer full) and pending events, and failed delivery attempts."""
        return self._events.stats()

    def flush(self) -> bool:
        """Deliver every buffered event now; True when none is left."""
        return self._events.flush()

    @property
    def offline_requests(self) -> list[Any]:
        """Offline mode: the requests this client would have sent (flag checks excluded)."""
        return self._api_config.offline_requests
