"""Flag checks that answer from the cache, then the API, then the configured defaults.

The cache key is ``(flag, company keys, user keys)`` with each key set frozen, so equal key sets
give equal cache keys in any order (:mod:`clientsuite.schematic.keys`).
"""

from __future__ import annotations

import inspect
import logging
import math
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from clientsuite.cache.local import LocalCache
from clientsuite.runtime.calls import Options
from clientsuite.schematic.keys import FlagKey

if TYPE_CHECKING:
    from schematic_api.models import CheckFlagRequestBody, CheckFlagResponseData, PreflightRequestBody

    # re-exported for type checkers: the names stay importable from here
    from clientsuite.schematic.options import CheckFlagOptions as CheckFlagOptions
    from clientsuite.schematic.options import EventUsage as EventUsage
else:  # the option classes load when a caller first builds one (options are read by duck typing)
    from clientsuite.runtime.lazy import exports

    __getattr__, __dir__ = exports(
        __name__, dict.fromkeys(("CheckFlagOptions", "EventUsage"), "clientsuite.schematic.options")
    )

logger = logging.getLogger("clientsuite.schematic")

# The official SDK's reasons, so code that reads ``reason`` sees the same text.
REASON_OFFLINE = "Offline mode - using default value"
REASON_FLAG_NOT_FOUND = "Flag not found - using default value"
REASON_ERROR = "Error occurred - using default value"


def _whole(quantity: float) -> int:
    """The wire takes integers; a fraction rounds up so a preflight never passes on less usage."""
    return int(quantity) if float(quantity).is_integer() else math.ceil(quantity)


def preflight(options: Any) -> PreflightRequestBody | None:
    """The preflight body for ``options`` (ours or the official dataclass), or None without one."""
    if options is None:
        return None
    usage = getattr(options, "usage", None)
    event_usage = getattr(options, "event_usage", None)
    credit_cost = getattr(options, "credit_cost", None)
    if usage is None and event_usage is None and credit_cost is None:
        return None
    from schematic_api.models.preflight_request_body import PreflightRequestBody
    from schematic_api.types import send_null

    # All three are sent, null when not given, as the official SDK does.
    body = PreflightRequestBody.from_dict(
        {
            "credit_cost": dict(credit_cost) if credit_cost is not None else None,
            "event_usage": None
            if event_usage is None
            else {"event_subtype": event_usage.event_subtype, "quantity": _whole(event_usage.quantity)},
            "usage": _whole(usage) if usage is not None else None,
        }
    )
    given = {"credit_cost": credit_cost, "event_usage": event_usage, "usage": usage}
    return send_null(body, *(name for name, value in given.items() if value is None))


def check_body(
    company: Mapping[str, str] | None,
    user: Mapping[str, str] | None,
    ahead: PreflightRequestBody | None = None,
    *,
    bulk: bool = False,
) -> CheckFlagRequestBody:
    """As the official SDK: one flag sends missing keys as ``null``, the bulk check leaves them out."""
    from schematic_api.models.check_flag_request_body import CheckFlagRequestBody
    from schematic_api.types import send_null

    body = CheckFlagRequestBody(
        company=dict(company) if company else None, user=dict(user) if user else None, preflight=ahead
    )
    if not bulk:
        send_null(body, *(name for name, keys in (("company", company), ("user", user)) if not keys))
    return body


def timeout_options(options: Any) -> Options:
    timeout = getattr(options, "timeout", None)
    return {"timeout_in_seconds": timeout} if timeout is not None else None


def resolve_default(flag: str, defaults: Mapping[str, bool], options: Any = None) -> bool:
    """``options.default_value`` (called when callable) wins over ``flag_defaults``."""
    chosen = getattr(options, "default_value", None)
    if chosen is not None:
        return bool(chosen() if callable(chosen) else chosen)
    return bool(defaults.get(flag, False))


def check_arguments(flag: object, company: object, user: object) -> None:
    """Programming errors are raised at once; only service failures fall back to defaults."""
    if not isinstance(flag, str) or not flag:
        raise TypeError("flag_key must be a non-empty string")
    for name, keys in (("company", company), ("user", user)):
        if keys is not None and not isinstance(keys, Mapping):
            raise TypeError(f"{name} must be a dict of keys, e.g. {{'id': 'your-{name}-id'}}")


class Outage:
    """Logs once when the API starts failing and once when it recovers, not on every check."""

    def __init__(self, log: logging.Logger = logger) -> None:
        self.failing = False
        self.log = log

    def failed(self, error: Exception) -> None:
        if not self.failing:
            self.failing = True
            self.log.warning(
                "Schematic flag checks are failing (%s); answering from flag_defaults", type(error).__name__
            )

    def succeeded(self) -> None:
        if self.failing:
            self.failing = False
            self.log.info("Schematic flag checks recovered")


def default_result(
    flag: str, defaults: Mapping[str, bool], reason: str, options: Any = None
) -> dict[str, Any]:
    return {"flag": flag, "value": resolve_default(flag, defaults, options), "reason": reason}


def is_remote(provider: object) -> bool:
    """Whether a cache provider talks to a server (it declares ``remote = True``, as Redis ones do)."""
    return bool(getattr(provider, "remote", False))


class Caches:
    """The cache providers, consulted in order. A provider that fails is a miss, logged once.

    Offline, only in-process providers are consulted: a shared cache (Redis) is never contacted,
    so an offline client opens no socket at all.
    """

    def __init__(self, providers: list[Any], log: logging.Logger = logger, *, offline: bool = False) -> None:
        self.providers = [p for p in providers if not (offline and is_remote(p))]
        self.log = log
        self._failing: set[int] = set()
        # A first provider that is a LocalCache (the default setup) cannot fail and never awaits:
        # a cached check reads it directly, on both sides, before anything else.
        first = self.providers[0] if self.providers else None
        self.local: LocalCache[Any] | None = first if type(first) is LocalCache else None
        only = len(self.providers) == 1
        self._local_get = self.local.get if only and self.local is not None else None

    def _failed(self, provider: Any, error: Exception) -> None:
        if id(provider) not in self._failing:
            self._failing.add(id(provider))
            self.log.warning(
                "cache provider %s failed (%s): treated as a miss", type(provider).__name__, error
            )

    def get(self, key: FlagKey) -> Any:
        if self._local_get is not None:
            return self._local_get(key)
        for provider in self.providers:
            try:
                hit = provider.get(key)
            except Exception as error:
                self._failed(provider, error)
                continue
            if hit is not None:
                return hit
        return None

    def set(self, key: FlagKey, value: dict[str, Any]) -> None:
        for provider in self.providers:
            try:
                provider.set(key, value)
            except Exception as error:
                self._failed(provider, error)

    async def aget(self, key: FlagKey) -> Any:
        """:meth:`get` for providers that may be async (``AsyncRedisCache``) or not (``LocalCache``)."""
        for provider in self.providers:
            try:
                hit = provider.get(key)
                if inspect.isawaitable(hit):
                    hit = await hit
            except Exception as error:
                self._failed(provider, error)
                continue
            if hit is not None:
                return hit
        return None

    async def aset(self, key: FlagKey, value: dict[str, Any]) -> None:
        for provider in self.providers:
            try:
                done = provider.set(key, value)
                if inspect.isawaitable(done):
                    await done
            except Exception as error:
                self._failed(provider, error)


def answer(
    wanted: list[str],
    flags: list[CheckFlagResponseData],
    default: Callable[[str, str], dict[str, Any]],
) -> list[CheckFlagResponseData]:
    """The API's answer for the wanted flags, in order; a flag it no longer knows gets its default."""
    from schematic_api.models.check_flag_response_data import CheckFlagResponseData

    if not wanted:
        return list(flags)
    by_flag = {item.flag: item for item in flags}
    return [
        by_flag.get(k) or CheckFlagResponseData.from_dict(default(k, REASON_FLAG_NOT_FOUND)) for k in wanted
    ]
