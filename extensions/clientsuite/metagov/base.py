"""What the sync and async Metagov clients share: options, request bodies, answers, caches.

Everything here is pure (no I/O), so the facade (``_async/``, and its generated ``_sync/`` twin)
only sends and waits. The generated models, the schema checks and the Metagov errors load where
they are first used (``SavedCommunity``, a subclass of a generated model, lives in ``saved.py``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import httpx

from clientsuite.errors import ApiConnectionError, InternalServerError, ResponseValidationError
from clientsuite.runtime.options import RequestOptions
from clientsuite.runtime.timeouts import DEFAULT_TIMEOUT

if TYPE_CHECKING:
    from metagov_api.models import Community, ProcessRequest
    from metagov_api.types import Response

    from clientsuite.metagov.saved import SavedCommunity
    from clientsuite.metagov.validation import Capabilities, Catalogue
    from clientsuite.runtime.hooks import Hooks
else:  # the generated model it extends loads on first use
    from clientsuite.runtime.lazy import exports

    __getattr__, __dir__ = exports(__name__, {"SavedCommunity": "clientsuite.metagov.saved"})

T = TypeVar("T")
# Each side's type of what differs, so that one async source types both (unasync drops "Async").
Operation = Callable[..., T]
AsyncOperation = Callable[..., Awaitable[T]]
Sleep = Callable[[float], None]
AsyncSleep = Callable[[float], Awaitable[None]]

DEFAULT_BASE_URL = "http://127.0.0.1:8000"
TRANSIENT = (ApiConnectionError, InternalServerError)
# The shortest per-request timeout a wait gives its last poll (httpx needs a positive one).
MIN_POLL_TIMEOUT = 0.05


def split_name(qualified: str, kind: str) -> tuple[str, str]:
    """``"plugin.slug"`` into its two parts, with a clear error when it is not that shape."""
    plugin, dot, slug = qualified.partition(".")
    if not (plugin and dot and slug):
        raise ValueError(f"{kind} must be named 'plugin.{kind}', got {qualified!r}")
    return plugin, slug


@attrs.frozen
class Backoff:
    """The polling schedule of ``wait_for_process``."""

    first: float = 1.0
    factor: float = 1.5
    cap: float = 30.0

    def delays(self) -> Iterable[float]:
        delay = self.first
        while True:
            yield delay
            delay = min(self.cap, delay * self.factor)


@attrs.frozen
class ProcessHandle:
    """A started process: Metagov answers 202 with only its ``Location``; poll it by ``id``."""

    process: str  # "plugin.process"
    id: int
    community: str
    location: str


def community_body(name: str, readable_name: str, plugins: Iterable[Mapping[str, Any]]) -> Community:
    from metagov_api.models.community import Community
    from metagov_api.models.plugin_config import PluginConfig

    return Community(
        name=name,
        readable_name=readable_name,
        plugins=[PluginConfig(name=p["name"], config=dict(p.get("config") or {})) for p in plugins],
    )


def plugins_of(community: Community) -> list[dict[str, Any]]:
    return [{"name": p.name, "config": dict(p.config)} for p in community.plugins]


def saved(operation: str, response: Response[Any]) -> SavedCommunity:
    """The community a PUT answered, created (201) or replaced (200)."""
    from metagov_api.models.community import Community

    from clientsuite.metagov.saved import SavedCommunity

    parsed = response.parsed
    if response.status_code not in (200, 201) or not isinstance(parsed, Community):
        raise ResponseValidationError(
            operation, response.content, f"unexpected {response.status_code} answer"
        )
    community = SavedCommunity.from_dict(parsed.to_dict())
    community.created = response.status_code == 201
    return community


def process_body(parameters: Mapping[str, Any], callback_url: str | None) -> ProcessRequest:
    """Metagov takes a process's parameters at the top level, beside ``callback_url``."""
    if "callback_url" in parameters:
        raise ValueError("pass callback_url as its own argument, not among the process's parameters")
    from metagov_api.models.process_request import ProcessRequest

    body = ProcessRequest(callback_url=callback_url if callback_url is not None else None)
    body.additional_properties = dict(parameters)
    return body


_PROCESS_PATH = re.compile(r"/process/(?P<name>[^/]+)/(?P<id>\d+)/?$")


def handle_from(process: str, community: str, response: Response[Any]) -> ProcessHandle:
    """The started process, from the ``Location`` of Metagov's 202 (its body is empty)."""
    location = response.headers.get("location", "")
    match = _PROCESS_PATH.search(httpx.URL(location).path) if location else None
    if response.status_code != 202 or match is None or match["name"] != process:
        reason = f"expected 202 with Location .../process/{process}/<id>, got {response.status_code}"
        raise ResponseValidationError("start_process", response.content, f"{reason} and {location!r}")
    return ProcessHandle(process, int(match["id"]), community, location)


def check_unchanged(slug: str, before: Community, again: Community) -> None:
    """Raise when the community changed between our first read and the one just before writing."""
    if again.to_dict() != before.to_dict():
        from clientsuite.metagov.errors import ConcurrentChangeError

        raise ConcurrentChangeError(slug, "it changed before our write; nothing was written", again)


def check_holds(slug: str, ours: Community, after: Community) -> None:
    """After writing: the community must still be what our PUT stored, or someone else wrote.

    Compared with the PUT's answer, not with what we sent, so that a service which normalizes a
    config (fills in defaults, say) is not taken for another writer.
    """
    if after.to_dict() != ours.to_dict():
        from clientsuite.metagov.errors import ConcurrentChangeError

        raise ConcurrentChangeError(
            slug, "another write landed after ours; ours may not hold", after, written=True
        )


class MetagovBase:
    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        validate: bool = True,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        hooks: Hooks | Mapping[str, Any] | None = None,
        offline: bool = False,
        http_client: httpx.Client | httpx.AsyncClient | None = None,
        backoff: Backoff = Backoff(),
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.validate = validate
        self.backoff = backoff
        self._clock = clock
        self._catalogue: Catalogue | None = None
        self._capabilities: dict[tuple[str, str], Capabilities] = {}
        from clientsuite.runtime.config import ClientConfig, user_clients  # the transport: built here

        self._config = ClientConfig(
            self.base_url,
            package="metagov_api",
            timeout=timeout,
            max_retries=max_retries,
            hooks=hooks,
            offline=offline,
            **user_clients(http_client),
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    def hook_url(self, community: str, plugin: str, webhook_slug: str | None = None) -> str:
        """The URL where ``plugin`` receives webhooks for ``community``."""
        from clientsuite.metagov import hooks

        return hooks.hook_url(self.base_url, community, plugin, webhook_slug)

    def _forget(self, slug: str) -> None:
        """The community's plugins changed: its actions and processes must be fetched again."""
        for key in [k for k in self._capabilities if k[1] == slug]:
            del self._capabilities[key]

    def _poll_options(self, remaining: float) -> RequestOptions:
        """One poll of a wait: no retries of its own, and no longer than what is left of the wait."""
        ceiling = remaining if self._config.timeout is None else self._config.timeout
        timeout = min(ceiling, max(remaining, MIN_POLL_TIMEOUT))
        return RequestOptions(max_retries=0, timeout_in_seconds=timeout)
