"""The Schematic client: flag checks, identify and track, the official SDK's API over ``schematic_api``.

Edit ``_async/client.py`` (``AsyncSchematic``) only: ``_sync/client.py`` (``Schematic``) is generated
from it. Cache providers may be sync (``LocalCache``) or async (``AsyncRedisCache``); on both sides
events go through the shared buffer's thread (:mod:`clientsuite.schematic.base`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Self

import attrs
import httpx
from schematic_api import models  # each model loads on first use

from clientsuite.runtime.calls import acall, expect
from clientsuite.runtime.lazy import lazy
from clientsuite.runtime.sides import arun_blocking, attach_async
from clientsuite.schematic.base import DEFAULT_CLOSE_TIMEOUT, SchematicBase
from clientsuite.schematic.events import identify_event, track_event
from clientsuite.schematic.flags import (
    REASON_OFFLINE,
    answer,
    check_arguments,
    check_body,
    preflight,
    timeout_options,
)
from clientsuite.schematic.keys import FlagKey

if TYPE_CHECKING:
    from schematic_api.api.features import check_flag, check_flags
    from schematic_api.models import CheckFlagResponseData

    from clientsuite.schematic.config import AsyncSchematicConfigs
    from clientsuite.schematic.options import (
        CheckFlagOptions,
        EventBodyIdentifyCompany,
        IdentifyOptions,
        TrackOptions,
    )
else:  # loads on first use
    check_flag, check_flags = lazy("schematic_api.api.features", "check_flag", "check_flags")


class AsyncSchematic(SchematicBase):
    """Schematic client, a drop-in for the official ``schematic.client`` class of the same name."""

    def __init__(self, api_key: str, config: AsyncSchematicConfigs | None = None) -> None:
        from clientsuite.schematic.config import AsyncSchematicConfig, follow_redirects, side_clients

        super().__init__(api_key, config or AsyncSchematicConfig())
        clients = side_clients(httpx.AsyncClient, self.config.httpx_client, "AsyncSchematic")
        self._api_config = attrs.evolve(self._api_config, **clients)
        from schematic_api.client import Client

        self._client = attach_async(Client(base_url=self.config.base_url), self._api_config)
        if self.config.follow_redirects:
            follow_redirects(self._client.get_async_httpx_client(), self.config.base_url)
        from clientsuite.schematic._async.companies import AsyncCompanies  # its models load with it

        self.companies = AsyncCompanies(self._client)

    async def initialize(self) -> None:
        """Nothing to prepare; here because the official client has it."""

    async def check_flag(
        self,
        flag_key: str,
        company: Mapping[str, str] | None = None,
        user: Mapping[str, str] | None = None,
        options: CheckFlagOptions | None = None,
    ) -> bool:
        """The flag's value for this company/user; never raises for a service failure."""
        # A cached answer first, before anything else, from the in-process cache (which never
        # awaits, so this is the same code on both sides). An equal company/user pair to the last
        # one reuses its frozen key sets: ``==`` on small dicts costs far less than freezing them.
        local, last = self._local, self._context  # each read once: a consistent pair
        key = None
        if local is not None and options is None:
            if company == last[0] and user == last[1]:
                key = (flag_key, last[2], last[3])
            else:
                key = self._key(flag_key, company, user)
            try:
                hit = local.get(key)
            except TypeError:  # an unhashable flag: the full path raises the clear error
                hit = None
            if hit is not None:
                return True if hit["value"] else False  # bool() without a call's cost  # noqa: SIM210
        result = await self._check(flag_key, company, user, options, key)
        return bool(result["value"])

    async def check_flag_with_entitlement(
        self,
        flag_key: str,
        company: Mapping[str, str] | None = None,
        user: Mapping[str, str] | None = None,
        options: CheckFlagOptions | None = None,
    ) -> CheckFlagResponseData:
        """The whole answer: value, reason, the rule and the company's entitlement."""
        return models.CheckFlagResponseData.from_dict(await self._check(flag_key, company, user, options))

    async def _check(
        self,
        flag: str,
        company: Mapping[str, str] | None,
        user: Mapping[str, str] | None,
        options: Any,
        key: FlagKey | None = None,
    ) -> dict[str, Any]:
        key = self._key(flag, company, user) if key is None else key
        check_arguments(flag, company, user)  # check_flag's cache hit skips it: only valid keys get stored
        ahead = preflight(options)
        if ahead is None:  # a preflight asks another question than the cached one
            hit = await self._caches.aget(key)
            if hit is not None:
                return dict(hit)
        if self.offline:
            return self._default(flag, REASON_OFFLINE, options)
        try:
            body = check_body(company, user, ahead)
            result = await acall(
                "check_flag",
                check_flag.asyncio,
                timeout_options(options),
                client=self._client,
                key=flag,
                body=body,
            )
            data = expect("check_flag", result, models.CheckFlagResponse).data.to_dict()
        except Exception as error:
            return self._failed(flag, error, options)
        self._outage.succeeded()
        if ahead is None:
            await self._caches.aset(key, data)
        return data

    async def check_flags(
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
        cached = [await self._caches.aget(self._key(k, company, user)) for k in wanted]
        if wanted and all(hit is not None for hit in cached):
            return [models.CheckFlagResponseData.from_dict(dict(hit)) for hit in cached if hit is not None]
        try:
            body = check_body(company, user, bulk=True)
            result = await acall(
                "check_flags", check_flags.asyncio, timeout_options(options), client=self._client, body=body
            )
            flags = expect("check_flags", result, models.CheckFlagsResponse).data.flags
        except Exception as error:
            return [models.CheckFlagResponseData.from_dict(self._failed(k, error, options)) for k in wanted]
        self._outage.succeeded()
        for item in flags:
            await self._caches.aset(self._key(item.flag, company, user), item.to_dict())
        return answer(wanted, flags, lambda k, why: self._default(k, why, options))

    async def identify(
        self,
        keys: Mapping[str, str],
        company: EventBodyIdentifyCompany | Mapping[str, Any] | None = None,
        name: str | None = None,
        traits: Mapping[str, Any] | None = None,
        options: IdentifyOptions | None = None,
    ) -> None:
        """Buffer an identify event; returns at once."""
        self._push(identify_event(keys, company, name, traits, options))

    async def track(
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

    async def aclose(self, *, timeout: float | None = DEFAULT_CLOSE_TIMEOUT) -> None:  # noqa: ASYNC109
        """Deliver buffered events within ``timeout`` seconds, then close this client's connections."""
        await arun_blocking(self._events.close, timeout)  # the buffer's thread sends, on both sides
        self._capture.get_httpx_client().close()
        if self.config.httpx_client is None:
            await self._client.get_async_httpx_client().aclose()

    shutdown = aclose

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
