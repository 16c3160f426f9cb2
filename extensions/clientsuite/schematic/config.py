"""``SchematicConfig``: the official SDK's options in its order and defaults, then the suite's.

The official fields come first, positional as in ``schematic.client.SchematicConfig``; ``None``
means the official default (resolved here, so ``config.base_url`` is always a URL). The suite's
own options are keyword-only and come after.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import httpx

from clientsuite.runtime.timeouts import DefaultTimeout

if TYPE_CHECKING:
    from clientsuite.runtime.hooks import Hooks

logger = logging.getLogger("clientsuite.schematic")

DEFAULT_BASE_URL = "https://api.schematichq.com"
DEFAULT_EVENT_CAPTURE_URL = "https://c.schematichq.com"
DEFAULT_EVENT_BUFFER_PERIOD = 5.0
DEFAULT_TIMEOUT = DefaultTimeout(60.0)


def _base_url(value: str | None) -> str:
    return DEFAULT_BASE_URL if value is None else value


def _capture_url(value: str | None) -> str:
    return DEFAULT_EVENT_CAPTURE_URL if value is None else value


def _period(value: float | None) -> float:
    return DEFAULT_EVENT_BUFFER_PERIOD if value is None else value


def _timeout(value: float | None) -> float:
    return DEFAULT_TIMEOUT if value is None else value


def _no_credit_leases(_instance: object, _attribute: object, value: object) -> None:
    if value is not None:
        raise NotImplementedError(
            "credit_leases (credit-gated check() and track_with_reservation) is not supported by "
            "clientsuite; leave it unset (see docs/schematic.md, known differences)"
        )


def _no_datastream(_instance: object, _attribute: object, value: object) -> None:
    if value:
        raise NotImplementedError(
            "DataStream (use_datastream, datastream) is not supported by clientsuite; flag checks use "
            "the REST API and the cache providers (see docs/schematic.md, known differences)"
        )


@attrs.define
class BaseSchematicConfig:
    """How a :class:`~clientsuite.schematic.Schematic` client behaves.

    ``cache_providers=None`` means one ``LocalCache()``; ``[]`` disables caching. ``flag_defaults``
    answer flag checks when the client is offline or the API fails. ``httpx_client`` (or its
    suite alias ``http_client``) sends the requests. ``max_buffered_events`` bounds the event
    buffer (the oldest events are dropped past it, and counted).
    """

    base_url: str = attrs.field(default=None, converter=_base_url)
    event_buffer_period: float = attrs.field(default=None, converter=_period)
    event_capture_url: str = attrs.field(default=None, converter=_capture_url)
    flag_defaults: Mapping[str, bool] | None = None
    follow_redirects: bool | None = True
    httpx_client: httpx.Client | httpx.AsyncClient | None = attrs.field(default=None, repr=False)
    logger: logging.Logger | None = attrs.field(default=None, repr=False)
    log_level: int | str = logging.WARNING
    offline: bool = False
    timeout: float = attrs.field(default=None, converter=_timeout)
    cache_providers: Sequence[Any] | None = None
    # -- the suite's own options ---------------------------------------------------------------
    max_events_per_batch: int = attrs.field(default=100, kw_only=True)
    max_buffered_events: int = attrs.field(default=10_000, kw_only=True)
    max_retries: int = attrs.field(default=2, kw_only=True)
    http_client: httpx.Client | httpx.AsyncClient | None = attrs.field(default=None, kw_only=True, repr=False)
    hooks: Hooks | Mapping[str, Any] | None = attrs.field(default=None, kw_only=True)

    @max_events_per_batch.validator
    def _batch_limit(self, _attribute: object, value: int) -> None:
        if not 1 <= value <= 100:
            raise ValueError("max_events_per_batch must be between 1 and 100 (the capture service's limit)")

    def __attrs_post_init__(self) -> None:
        # ``http_client`` is the suite's earlier name for the official ``httpx_client``; both work.
        both = self.http_client is not None and self.httpx_client is not None
        if both and self.http_client is not self.httpx_client:
            raise ValueError("give httpx_client or its alias http_client, not two different clients")
        client = self.httpx_client if self.httpx_client is not None else self.http_client
        self.httpx_client = self.http_client = client


@attrs.define
class SchematicConfig(BaseSchematicConfig):
    __doc__ = BaseSchematicConfig.__doc__

    credit_leases: Any = attrs.field(default=None, validator=_no_credit_leases)


@attrs.define
class AsyncSchematicConfig(BaseSchematicConfig):
    """:class:`SchematicConfig` for ``AsyncSchematic``, with the official async-only fields."""

    use_datastream: bool = attrs.field(default=False, validator=_no_datastream)
    datastream: Any = attrs.field(default=None, validator=_no_datastream)
    credit_leases: Any = attrs.field(default=None, validator=_no_credit_leases)


# The configurations each client takes: the async source names the first, its sync twin the second.
AsyncSchematicConfigs = AsyncSchematicConfig | SchematicConfig
SchematicConfigs = SchematicConfig


def side_clients(kind: type[httpx.Client | httpx.AsyncClient], client: object, owner: str) -> dict[str, Any]:
    """The user's httpx client as options for the side whose client class is ``kind``.

    A seam for the facade: the async source names ``httpx.AsyncClient`` and its generated twin
    ``httpx.Client``; a client of the other kind is refused with a ``TypeError`` naming ``owner``.
    """
    from clientsuite.runtime.config import user_clients  # the transport: loaded when a client is built

    return user_clients(client, is_async=kind is httpx.AsyncClient, owner=owner)


def sync_client(config: BaseSchematicConfig) -> dict[str, Any]:
    from clientsuite.runtime.config import user_clients

    client = config.httpx_client
    return user_clients(client) if isinstance(client, httpx.Client) else {}


def pick_logger(config: BaseSchematicConfig) -> logging.Logger:
    """The user's logger, else the suite's (its level set only when ``log_level`` is not the default)."""
    if config.logger is not None:
        return config.logger
    if config.log_level != logging.WARNING:
        logger.setLevel(config.log_level)
    return logger


def follow_redirects(client: httpx.Client | httpx.AsyncClient, base_url: str) -> None:
    """``follow_redirects`` as the official default, never carrying the API key to another host."""
    host = httpx.URL(base_url).host

    def guard(request: httpx.Request) -> None:
        if request.url.host != host:
            request.headers.pop("X-Schematic-Api-Key", None)

    async def aguard(request: httpx.Request) -> None:
        guard(request)

    client.follow_redirects = True
    hooks = client.event_hooks
    hooks["request"] = [*hooks.get("request", []), aguard if isinstance(client, httpx.AsyncClient) else guard]
    client.event_hooks = hooks
