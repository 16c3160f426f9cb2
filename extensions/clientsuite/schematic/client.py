"""``Schematic`` and ``AsyncSchematic``: the official SDK's API over the generated ``schematic_api``.

:class:`_SchematicBase` holds what both share (configuration, caches, defaults, the event buffer);
the two subclasses differ only in how they call the API.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Self

import attrs
from schematic_api import Client
from schematic_api.api.events import capture_events
from schematic_api.api.features import check_flag, check_flags
from schematic_api.models import CheckFlagResponse, CheckFlagResponseData, CheckFlagsResponse

from clientsuite.cache import LocalCache
from clientsuite.redaction import Secret, check_secret
from clientsuite.runtime import ClientConfig, attach, call, expect, user_clients
from clientsuite.runtime.credentials import SecretHeaders
from clientsuite.schematic.buffer import DEFAULT_CLOSE_TIMEOUT, BufferStats, EventBuffer
from clientsuite.schematic.companies import Companies
from clientsuite.schematic.config import (
    AsyncSchematicConfig,
    BaseSchematicConfig,
    SchematicConfig,
    follow_redirects,
    pick_logger,
    sync_client,
)
from clientsuite.schematic.events import (
    Event,
    EventBodyIdentifyCompany,
    IdentifyOptions,
    TrackOptions,
    capture_batch,
    identify_event,
    track_event,
)
from clientsuite.schematic.flags import (
    REASON_ERROR,
    REASON_FLAG_NOT_FOUND,
    REASON_OFFLINE,
    Caches,
    CheckFlagOptions,
    EventUsage,
    FlagKey,
    Outage,
    answer,
    check_arguments,
    check_body,
    default_result,
    flag_key,
    preflight,
    timeout_options,
)

REASON_NOT_FOUND = REASON_FLAG_NOT_FOUND  # the suite's earlier name
__all__ = [
    "REASON_ERROR",
    "REASON_FLAG_NOT_FOUND",
    "REASON_OFFLINE",
    "AsyncSchematic",
    "AsyncSchematicConfig",
    "CheckFlagOptions",
    "EventBodyIdentifyCompany",
    "EventUsage",
    "IdentifyOptions",
    "LocalCache",
    "Schematic",
    "SchematicConfig",
    "TrackOptions",
]


class _SchematicBase:
    def __init__(self, api_key: str, config: BaseSchematicConfig | None = None) -> None:
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
        self._outage = Outage(self.logger)
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
        return [CheckFlagResponseData.from_dict(self._default(k, reason, options)) for k in wanted]

    def _offline_flags(self, flag_keys: Sequence[str] | None, options: Any) -> list[CheckFlagResponseData]:
        return self._defaults(list(flag_keys or self.flag_defaults), REASON_OFFLINE, options)

    def _failed(self, flag: str, error: Exception, options: Any) -> dict[str, Any]:
        self._outage.failed(error)
        return self._default(flag, f"{REASON_ERROR}: {error}", options)

    def _key(self, flag: str, company: Mapping[str, str] | None, user: Mapping[str, str] | None) -> FlagKey:
        try:
            return flag_key(flag, company, user)
        except (AttributeError, TypeError):
            check_arguments(flag, company, user)
            raise

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


class Schematic(_SchematicBase):
    """Schematic client (sync), a drop-in for ``schematic.client.Schematic``."""

    def __init__(self, api_key: str, config: SchematicConfig | None = None) -> None:
        super().__init__(api_key, config)
        clients = user_clients(self.config.httpx_client, is_async=False, owner="Schematic")
        self._api_config = attrs.evolve(self._api_config, **clients)
        self._client = attach(Client(base_url=self.config.base_url), self._api_config, asynchronous=False)
        if self.config.follow_redirects:
            follow_redirects(self._client.get_httpx_client(), self.config.base_url)
        self.companies = Companies(self._client)

    def initialize(self) -> None:
        """Nothing to prepare; here because the official client has it."""

    def check_flag(
        self,
        flag_key: str,
        company: Mapping[str, str] | None = None,
        user: Mapping[str, str] | None = None,
        options: CheckFlagOptions | None = None,
    ) -> bool:
        """The flag's value for this company/user; never raises for a service failure."""
        return bool(self._check(flag_key, company, user, options)["value"])

    def check_flag_with_entitlement(
        self,
        flag_key: str,
        company: Mapping[str, str] | None = None,
        user: Mapping[str, str] | None = None,
        options: CheckFlagOptions | None = None,
    ) -> CheckFlagResponseData:
        """The whole answer: value, reason, the rule and the company's entitlement."""
        return CheckFlagResponseData.from_dict(self._check(flag_key, company, user, options))

    def _check(
        self, flag: str, company: Mapping[str, str] | None, user: Mapping[str, str] | None, options: Any
    ) -> dict[str, Any]:
        key = self._key(flag, company, user)
        ahead = preflight(options)
        if ahead is None:  # a preflight asks another question than the cached one
            hit = self._caches.get(key)
            if hit is not None:
                return dict(hit)
        check_arguments(flag, company, user)
        if self.offline:
            return self._default(flag, REASON_OFFLINE, options)
        try:
            body = check_body(company, user, ahead)
            result = call(
                "check_flag",
                check_flag.sync,
                timeout_options(options),
                client=self._client,
                key=flag,
                body=body,
            )
            data = expect("check_flag", result, CheckFlagResponse).data.to_dict()
        except Exception as error:
            return self._failed(flag, error, options)
        self._outage.succeeded()
        if ahead is None:
            self._caches.set(key, data)
        return data

    def check_flags(
        self,
        flag_keys: Sequence[str] | None = None,
        company: Mapping[str, str] | None = None,
        user: Mapping[str, str] | None = None,
        options: CheckFlagOptions | None = None,
    ) -> list[CheckFlagResponseData]:
        """Several flags at once: from the cache when all are there, else one bulk API call."""
        if self.offline:
            return self._offline_flags(flag_keys, options)
        wanted = list(flag_keys or [])
        cached = [self._caches.get(self._key(k, company, user)) for k in wanted]
        if wanted and all(hit is not None for hit in cached):
            return [CheckFlagResponseData.from_dict(dict(hit)) for hit in cached]
        try:
            body = check_body(company, user, bulk=True)
            result = call(
                "check_flags", check_flags.sync, timeout_options(options), client=self._client, body=body
            )
            flags = expect("check_flags", result, CheckFlagsResponse).data.flags
        except Exception as error:
            return [CheckFlagResponseData.from_dict(self._failed(k, error, options)) for k in wanted]
        self._outage.succeeded()
        for item in flags:
            self._caches.set(self._key(item.flag, company, user), item.to_dict())
        return answer(wanted, flags, lambda k, why: self._default(k, why, options))

    def identify(
        self,
        keys: Mapping[str, str],
        company: EventBodyIdentifyCompany | Mapping[str, Any] | None = None,
        name: str | None = None,
        traits: Mapping[str, Any] | None = None,
        options: IdentifyOptions | None = None,
    ) -> None:
        """Buffer an identify event; returns at once."""
        self._push(identify_event(keys, company, name, traits, options))

    def track(
        self,
        event: str,
        company: Mapping[str, str] | None = None,
        user: Mapping[str, str] | None = None,
        traits: Mapping[str, Any] | None = None,
        quantity: int | None = None,
        options: TrackOptions | None = None,
    ) -> None:
        """Buffer a track event; returns at once."""
        self._push(track_event(event, company, user, traits, quantity, options))

    def close(self, *, timeout: float | None = DEFAULT_CLOSE_TIMEOUT) -> None:
        """Deliver buffered events within ``timeout`` seconds, then close this client's connections."""
        self._events.close(timeout)
        self._capture.get_httpx_client().close()
        if self.config.httpx_client is None:
            self._client.get_httpx_client().close()

    shutdown = close

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# At the bottom: the async client builds on this module's base class.
from clientsuite.schematic.async_client import AsyncSchematic  # noqa: E402
