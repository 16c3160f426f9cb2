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
from schematic_api.models import (
    CheckFlagRequestBody,
    CheckFlagResponse,
    CheckFlagResponseData,
    CheckFlagsResponse,
    Keys,
)
from schematic_api.types import UNSET

from clientsuite.cache import LocalCache
from clientsuite.redaction import Secret, check_secret
from clientsuite.runtime import ClientConfig, acall, attach, call, expect, user_clients
from clientsuite.runtime.credentials import SecretHeaders
from clientsuite.schematic.buffer import DEFAULT_CLOSE_TIMEOUT, BufferStats, EventBuffer
from clientsuite.schematic.companies import AsyncCompanies, Companies
from clientsuite.schematic.config import SchematicConfig
from clientsuite.schematic.events import Event, capture_batch, identify_event, track_event
from clientsuite.schematic.flags import Caches, FlagKey, Outage, check_arguments, default_result, flag_key

REASON_OFFLINE = "offline: flag default"
REASON_ERROR = "error: flag default"
REASON_NOT_FOUND = "flag not found: flag default"


def _body(company: Mapping[str, str] | None, user: Mapping[str, str] | None) -> CheckFlagRequestBody:
    return CheckFlagRequestBody(
        company=Keys.from_dict(dict(company)) if company else UNSET,
        user=Keys.from_dict(dict(user)) if user else UNSET,
    )


class _SchematicBase:
    def __init__(self, api_key: str, config: SchematicConfig | None = None) -> None:
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
        self._caches = Caches(self.cache_providers, offline=config.offline)
        self._outage = Outage()
        base = ClientConfig(
            config.base_url,
            package="schematic_api",
            auth=SecretHeaders({"X-Schematic-Api-Key": self._api_key}),
            timeout=config.timeout,
            max_retries=config.max_retries,
            hooks=config.hooks,
            offline=config.offline,
        )
        self._api_config = base
        capture = attrs.evolve(base, base_url=config.event_capture_url)
        # The buffer sends from its own thread with a sync client, also under AsyncSchematic.
        self._capture = attach(Client(base_url=config.event_capture_url), capture, asynchronous=False)
        self._events: EventBuffer[Event] = EventBuffer(
            self._send_events,
            period=config.event_buffer_period,
            max_batch=config.max_events_per_batch,
            max_buffered=config.max_buffered_events,
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.config.base_url!r}, offline={self.offline})"

    # -- flag defaults ---------------------------------------------------------------------------

    def set_flag_default(self, flag_key: str, value: bool) -> None:
        self.flag_defaults[flag_key] = value

    def set_flag_defaults(self, values: Mapping[str, bool]) -> None:
        self.flag_defaults.update(values)

    def _default(self, flag: str, reason: str) -> dict[str, Any]:
        return default_result(flag, self.flag_defaults, reason)

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

    def _identify(self, keys: Mapping[str, str], company: Any, name: str | None, traits: Any) -> None:
        self._events.push(identify_event(keys, company, name, traits))

    def _track(
        self,
        event: str,
        company: Mapping[str, str] | None,
        user: Mapping[str, str] | None,
        traits: Mapping[str, Any] | None,
        quantity: int,
    ) -> None:
        self._events.push(track_event(event, company, user, traits, quantity))

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
        clients = user_clients(self.config.http_client, is_async=False, owner="Schematic")
        self._api_config = attrs.evolve(self._api_config, **clients)
        self._client = attach(Client(base_url=self.config.base_url), self._api_config, asynchronous=False)
        self.companies = Companies(self._client)

    def check_flag(
        self, flag_key: str, company: Mapping[str, str] | None = None, user: Mapping[str, str] | None = None
    ) -> bool:
        """The flag's value for this company/user; never raises for a service failure."""
        key = self._key(flag_key, company, user)
        hit = self._caches.get(key)
        if hit is not None:
            return bool(hit["value"])
        return bool(self._fetch_flag(key, flag_key, company, user)["value"])

    def _fetch_flag(
        self, key: FlagKey, flag: str, company: Mapping[str, str] | None, user: Mapping[str, str] | None
    ) -> dict[str, Any]:
        check_arguments(flag, company, user)
        if self.offline:
            return self._default(flag, REASON_OFFLINE)
        try:
            result = call(
                "check_flag", check_flag.sync, client=self._client, key=flag, body=_body(company, user)
            )
            data = expect("check_flag", result, CheckFlagResponse).data.to_dict()
        except Exception as error:
            self._outage.failed(error)
            return self._default(flag, REASON_ERROR)
        self._outage.succeeded()
        self._caches.set(key, data)
        return data

    def check_flags(
        self,
        flag_keys: Sequence[str] | None = None,
        company: Mapping[str, str] | None = None,
        user: Mapping[str, str] | None = None,
    ) -> list[CheckFlagResponseData]:
        """Several flags at once: from the cache when all are there, else one bulk API call."""
        wanted = list(flag_keys) if flag_keys else []
        if self.offline:
            return [
                CheckFlagResponseData.from_dict(self._default(k, REASON_OFFLINE))
                for k in wanted or self.flag_defaults
            ]
        cached = [self._caches.get(self._key(k, company, user)) for k in wanted]
        if wanted and all(hit is not None for hit in cached):
            return [CheckFlagResponseData.from_dict(dict(hit)) for hit in cached]
        try:
            result = call("check_flags", check_flags.sync, client=self._client, body=_body(company, user))
            flags = expect("check_flags", result, CheckFlagsResponse).data.flags
        except Exception as error:
            self._outage.failed(error)
            return [
                CheckFlagResponseData.from_dict(self._default(k, REASON_ERROR))
                for k in wanted or self.flag_defaults
            ]
        self._outage.succeeded()
        return _answer(wanted, flags, self._remember_all(flags, company, user), self._default)

    def _remember_all(
        self,
        flags: list[CheckFlagResponseData],
        company: Mapping[str, str] | None,
        user: Mapping[str, str] | None,
    ) -> dict[str, CheckFlagResponseData]:
        for item in flags:
            self._caches.set(self._key(item.flag, company, user), item.to_dict())
        return {item.flag: item for item in flags}

    def identify(
        self,
        keys: Mapping[str, str],
        company: Any = None,
        name: str | None = None,
        traits: Mapping[str, Any] | None = None,
    ) -> None:
        """Buffer an identify event; returns at once."""
        self._identify(keys, company, name, traits)

    def track(
        self,
        event: str,
        company: Mapping[str, str] | None = None,
        user: Mapping[str, str] | None = None,
        traits: Mapping[str, Any] | None = None,
        quantity: int = 1,
    ) -> None:
        """Buffer a track event; returns at once."""
        self._track(event, company, user, traits, quantity)

    def close(self, timeout: float | None = DEFAULT_CLOSE_TIMEOUT) -> None:
        """Deliver buffered events within ``timeout`` seconds, then close this client's connections."""
        self._events.close(timeout)
        self._capture.get_httpx_client().close()
        if self.config.http_client is None:
            self._client.get_httpx_client().close()

    shutdown = close

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncSchematic(_SchematicBase):
    """Schematic client for asyncio; cache providers may be sync (``LocalCache``) or async."""

    def __init__(self, api_key: str, config: SchematicConfig | None = None) -> None:
        super().__init__(api_key, config)
        clients = user_clients(self.config.http_client, is_async=True, owner="AsyncSchematic")
        self._api_config = attrs.evolve(self._api_config, **clients)
        self._client = attach(Client(base_url=self.config.base_url), self._api_config, sync=False)
        self.companies = AsyncCompanies(self._client)

    async def check_flag(
        self, flag_key: str, company: Mapping[str, str] | None = None, user: Mapping[str, str] | None = None
    ) -> bool:
        key = self._key(flag_key, company, user)
        hit = await self._caches.aget(key)
        if hit is not None:
            return bool(hit["value"])
        check_arguments(flag_key, company, user)
        if self.offline:
            return bool(self._default(flag_key, REASON_OFFLINE)["value"])
        try:
            result = await acall(
                "check_flag", check_flag.asyncio, client=self._client, key=flag_key, body=_body(company, user)
            )
            data = expect("check_flag", result, CheckFlagResponse).data.to_dict()
        except Exception as error:
            self._outage.failed(error)
            return bool(self._default(flag_key, REASON_ERROR)["value"])
        self._outage.succeeded()
        await self._caches.aset(key, data)
        return bool(data["value"])

    async def check_flags(
        self,
        flag_keys: Sequence[str] | None = None,
        company: Mapping[str, str] | None = None,
        user: Mapping[str, str] | None = None,
    ) -> list[CheckFlagResponseData]:
        wanted = list(flag_keys) if flag_keys else []
        if self.offline:
            return [
                CheckFlagResponseData.from_dict(self._default(k, REASON_OFFLINE))
                for k in wanted or self.flag_defaults
            ]
        cached = [await self._caches.aget(self._key(k, company, user)) for k in wanted]
        if wanted and all(hit is not None for hit in cached):
            return [CheckFlagResponseData.from_dict(dict(hit)) for hit in cached if hit is not None]
        try:
            result = await acall(
                "check_flags", check_flags.asyncio, client=self._client, body=_body(company, user)
            )
            flags = expect("check_flags", result, CheckFlagsResponse).data.flags
        except Exception as error:
            self._outage.failed(error)
            return [
                CheckFlagResponseData.from_dict(self._default(k, REASON_ERROR))
                for k in wanted or self.flag_defaults
            ]
        self._outage.succeeded()
        for item in flags:
            await self._caches.aset(self._key(item.flag, company, user), item.to_dict())
        return _answer(wanted, flags, {item.flag: item for item in flags}, self._default)

    async def identify(
        self,
        keys: Mapping[str, str],
        company: Any = None,
        name: str | None = None,
        traits: Mapping[str, Any] | None = None,
    ) -> None:
        self._identify(keys, company, name, traits)

    async def track(
        self,
        event: str,
        company: Mapping[str, str] | None = None,
        user: Mapping[str, str] | None = None,
        traits: Mapping[str, Any] | None = None,
        quantity: int = 1,
    ) -> None:
        self._track(event, company, user, traits, quantity)

    async def aclose(self, timeout: float | None = DEFAULT_CLOSE_TIMEOUT) -> None:  # noqa: ASYNC109 - a bound for the flush thread
        import asyncio

        await asyncio.to_thread(self._events.close, timeout)
        self._capture.get_httpx_client().close()
        if self.config.http_client is None:
            await self._client.get_async_httpx_client().aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


def _answer(
    wanted: list[str],
    flags: list[CheckFlagResponseData],
    by_flag: dict[str, CheckFlagResponseData],
    default: Any,
) -> list[CheckFlagResponseData]:
    """The API's answer for the wanted flags, in order; a flag it no longer knows gets its default."""
    if not wanted:
        return list(flags)
    return [by_flag.get(k) or CheckFlagResponseData.from_dict(default(k, REASON_NOT_FOUND)) for k in wanted]
