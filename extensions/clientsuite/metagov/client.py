"""``Metagov`` and ``AsyncMetagov``: a governance driver's client for a Metagov service.

Shared logic (name parsing, plugin-list edits, validation, polling schedule) lives in
:class:`_MetagovBase`; the two subclasses only send and wait.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any, Self

import attrs
import httpx
from metagov_api import Client
from metagov_api.api.actions import perform_action
from metagov_api.api.communities import delete_community, get_community, list_hooks, put_community
from metagov_api.api.plugins import list_plugins
from metagov_api.api.processes import close_process, get_process, start_process
from metagov_api.models import (
    ActionRequest,
    Community,
    GovernanceProcess,
    HookList,
    PluginCatalogue,
    PluginConfig,
    ProcessRequest,
    ProcessStatus,
)
from metagov_api.types import Response

from clientsuite.errors import (
    ApiConnectionError,
    ClientSuiteError,
    InternalServerError,
    PreconditionFailedError,
)
from clientsuite.metagov import hooks
from clientsuite.metagov.validation import Catalogue
from clientsuite.runtime import ClientConfig, Hooks, acall, attach, call, expect, user_clients
from clientsuite.runtime.calls import Options

logger = logging.getLogger("clientsuite.metagov")

DEFAULT_BASE_URL = "http://127.0.0.1:8000"
TRANSIENT = (ApiConnectionError, InternalServerError)


class ConcurrentChangeError(ClientSuiteError):
    """The community changed between our read and our write; nothing was overwritten."""


class ProcessTimeoutError(ClientSuiteError, TimeoutError):
    """The process was not completed by the deadline; ``last`` is its last known state."""

    def __init__(self, name: str, process_id: int, last: GovernanceProcess | None, waited: float) -> None:
        self.last = last
        status = last.status.value if last is not None else "unknown"
        super().__init__(f"{name} #{process_id} still {status} after {waited:.1f} s")


def split_name(qualified: str, kind: str) -> tuple[str, str]:
    """``"plugin.slug"`` into its two parts, with a clear error when it is not that shape."""
    plugin, dot, slug = qualified.partition(".")
    if not (plugin and dot and slug):
        raise ValueError(f"{kind} must be named 'plugin.{kind}', got {qualified!r}")
    return plugin, slug


@attrs.frozen
class Backoff:
    """The polling schedule of :meth:`Metagov.wait_for_process`."""

    first: float = 1.0
    factor: float = 1.5
    cap: float = 30.0

    def delays(self) -> Iterable[float]:
        delay = self.first
        while True:
            yield delay
            delay = min(self.cap, delay * self.factor)


def _community(name: str, readable_name: str, plugins: Iterable[Mapping[str, Any]]) -> Community:
    return Community(
        name=name,
        readable_name=readable_name,
        plugins=[PluginConfig(name=p["name"], config=dict(p.get("config") or {})) for p in plugins],
    )


def _plugins(community: Community) -> list[dict[str, Any]]:
    return [{"name": p.name, "config": dict(p.config)} for p in community.plugins]


class _MetagovBase:
    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        validate: bool = True,
        timeout: float = 60.0,
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
        return hooks.hook_url(self.base_url, community, plugin, webhook_slug)

    def _check_plugins(self, catalogue: Catalogue | None, plugins: Iterable[Mapping[str, Any]]) -> None:
        if catalogue is not None:
            for plugin in plugins:
                catalogue.check_config(plugin["name"], plugin.get("config") or {})

    @staticmethod
    def _etag(response: Response[Any]) -> str | None:
        return response.headers.get("etag")


class Metagov(_MetagovBase):
    """The sync client."""

    def __init__(
        self, base_url: str = DEFAULT_BASE_URL, *, sleep: Callable[[float], None] = time.sleep, **options: Any
    ) -> None:
        super().__init__(base_url, **options)
        self._sleep = sleep
        self._client = attach(Client(base_url=self.base_url), self._config, asynchronous=False)

    def catalogue(self, *, refresh: bool = False) -> Catalogue:
        """The plugin catalogue, fetched once per client."""
        if self._catalogue is None or refresh:
            result = call("list_plugins", list_plugins.sync, client=self._client)
            self._catalogue = Catalogue.from_dict(expect("list_plugins", result, PluginCatalogue).to_dict())
        return self._catalogue

    def _checked(self) -> Catalogue | None:
        return self.catalogue() if self.validate else None

    def put_community(
        self,
        slug: str,
        name: str,
        readable_name: str = "",
        plugins: Iterable[Mapping[str, Any]] = (),
        *,
        request_options: Options = None,
    ) -> Community:
        """Create or replace a community with exactly these plugins."""
        plugins = list(plugins)
        self._check_plugins(self._checked(), plugins)
        body = _community(name, readable_name, plugins)
        result = call(
            "put_community", put_community.sync, request_options, client=self._client, slug=slug, body=body
        )
        return expect("put_community", result, Community)

    def _read(self, slug: str) -> tuple[Community, str | None]:
        response = call("get_community", get_community.sync_detailed, client=self._client, slug=slug)
        return expect("get_community", response.parsed, Community), self._etag(response)

    def get_community(self, slug: str, *, request_options: Options = None) -> Community:
        result = call("get_community", get_community.sync, request_options, client=self._client, slug=slug)
        return expect("get_community", result, Community)

    def delete_community(self, slug: str, *, request_options: Options = None) -> None:
        call(
            "delete_community",
            delete_community.sync_detailed,
            request_options,
            client=self._client,
            slug=slug,
        )

    def _rewrite_plugins(
        self, slug: str, edit: Callable[[list[dict[str, Any]]], list[dict[str, Any]]]
    ) -> Community:
        """Read-modify-write of the plugin list that never overwrites a change it did not see."""
        current, etag = self._read(slug)
        plugins = edit(_plugins(current))
        self._check_plugins(self._checked(), plugins)
        if etag is None:  # no versioning on the server: re-read just before writing
            again, _ = self._read(slug)
            if again.to_dict() != current.to_dict():
                raise ConcurrentChangeError(f"community {slug!r} changed while its plugins were being edited")
        body = _community(current.name, current.readable_name or "", plugins)
        try:
            result = call(
                "put_community",
                put_community.sync,
                client=self._client,
                slug=slug,
                body=body,
                if_match=etag if etag else None,
            )
        except PreconditionFailedError as error:
            raise ConcurrentChangeError(
                f"community {slug!r} changed while its plugins were being edited"
            ) from error
        return expect("put_community", result, Community)

    def enable_plugin(self, slug: str, name: str, config: Mapping[str, Any]) -> Community:
        """Enable ``name`` for the community (or replace its config), keeping the other plugins."""
        entry = {"name": name, "config": dict(config)}
        return self._rewrite_plugins(slug, lambda ps: [p for p in ps if p["name"] != name] + [entry])

    def disable_plugin(self, slug: str, name: str) -> Community:
        """Disable ``name`` for the community, keeping the other plugins."""
        return self._rewrite_plugins(slug, lambda ps: [p for p in ps if p["name"] != name])

    def list_hooks(self, slug: str, *, request_options: Options = None) -> list[str]:
        result = call("list_hooks", list_hooks.sync, request_options, client=self._client, slug=slug)
        return list(expect("list_hooks", result, HookList).hooks)

    def perform_action(
        self, community: str, action: str, parameters: Mapping[str, Any], *, request_options: Options = None
    ) -> dict[str, Any]:
        """Run ``"plugin.action"`` for ``community`` and return its result."""
        plugin, slug = split_name(action, "action")
        if self.validate:
            self.catalogue().check_action(action, parameters)
        body = ActionRequest(parameters=dict(parameters))
        result = call(
            "perform_action",
            perform_action.sync,
            request_options,
            client=self._client,
            plugin=plugin,
            action=slug,
            x_metagov_community=community,
            body=body,
        )
        return expect("perform_action", result, dict)

    def start_process(
        self,
        community: str,
        process: str,
        parameters: Mapping[str, Any],
        callback_url: str | None = None,
        *,
        request_options: Options = None,
    ) -> GovernanceProcess:
        """Start ``"plugin.process"``; returns it while it is pending."""
        plugin, slug = split_name(process, "process")
        if self.validate:
            self.catalogue().check_process(process, parameters)
        body = ProcessRequest(
            callback_url=callback_url,
            parameters=dict(parameters),
        )
        result = call(
            "start_process",
            start_process.sync,
            request_options,
            client=self._client,
            plugin=plugin,
            process=slug,
            x_metagov_community=community,
            body=body,
        )
        return expect("start_process", result, GovernanceProcess)

    def get_process(
        self, process: str, process_id: int, *, request_options: Options = None
    ) -> GovernanceProcess:
        plugin, slug = split_name(process, "process")
        result = call(
            "get_process",
            get_process.sync,
            request_options,
            client=self._client,
            plugin=plugin,
            process=slug,
            process_id=process_id,
        )
        return expect("get_process", result, GovernanceProcess)

    def close_process(
        self, process: str, process_id: int, *, request_options: Options = None
    ) -> GovernanceProcess:
        plugin, slug = split_name(process, "process")
        result = call(
            "close_process",
            close_process.sync,
            request_options,
            client=self._client,
            plugin=plugin,
            process=slug,
            process_id=process_id,
        )
        return expect("close_process", result, GovernanceProcess)

    def wait_for_process(self, process: str, process_id: int, timeout: float = 300.0) -> GovernanceProcess:
        """Poll with backoff until the process is completed; transient failures are waited out.

        Raises :class:`ProcessTimeoutError` (carrying the last known state) at the deadline.
        """
        started = self._clock()
        last: GovernanceProcess | None = None
        for delay in self.backoff.delays():
            try:
                last = self.get_process(process, process_id)
                if last.status == ProcessStatus.COMPLETED:
                    return last
            except TRANSIENT as error:
                logger.warning(
                    "polling %s #%s failed (%s); still waiting", process, process_id, type(error).__name__
                )
            remaining = timeout - (self._clock() - started)
            if remaining <= 0:
                raise ProcessTimeoutError(process, process_id, last, self._clock() - started)
            self._sleep(min(delay, remaining))
        raise AssertionError("unreachable")  # pragma: no cover

    def close(self) -> None:
        self._client.get_httpx_client().close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncMetagov(_MetagovBase):
    """The asyncio client: the same methods, awaited."""

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        **options: Any,
    ) -> None:
        super().__init__(base_url, **options)
        self._sleep = sleep
        self._client = attach(Client(base_url=self.base_url), self._config, sync=False)

    async def catalogue(self, *, refresh: bool = False) -> Catalogue:
        if self._catalogue is None or refresh:
            result = await acall("list_plugins", list_plugins.asyncio, client=self._client)
            self._catalogue = Catalogue.from_dict(expect("list_plugins", result, PluginCatalogue).to_dict())
        return self._catalogue

    async def _checked(self) -> Catalogue | None:
        return await self.catalogue() if self.validate else None

    async def put_community(
        self,
        slug: str,
        name: str,
        readable_name: str = "",
        plugins: Iterable[Mapping[str, Any]] = (),
        *,
        request_options: Options = None,
    ) -> Community:
        plugins = list(plugins)
        self._check_plugins(await self._checked(), plugins)
        body = _community(name, readable_name, plugins)
        result = await acall(
            "put_community", put_community.asyncio, request_options, client=self._client, slug=slug, body=body
        )
        return expect("put_community", result, Community)

    async def _read(self, slug: str) -> tuple[Community, str | None]:
        response = await acall(
            "get_community", get_community.asyncio_detailed, client=self._client, slug=slug
        )
        return expect("get_community", response.parsed, Community), self._etag(response)

    async def get_community(self, slug: str, *, request_options: Options = None) -> Community:
        result = await acall(
            "get_community", get_community.asyncio, request_options, client=self._client, slug=slug
        )
        return expect("get_community", result, Community)

    async def delete_community(self, slug: str, *, request_options: Options = None) -> None:
        await acall(
            "delete_community",
            delete_community.asyncio_detailed,
            request_options,
            client=self._client,
            slug=slug,
        )

    async def _rewrite_plugins(
        self, slug: str, edit: Callable[[list[dict[str, Any]]], list[dict[str, Any]]]
    ) -> Community:
        current, etag = await self._read(slug)
        plugins = edit(_plugins(current))
        self._check_plugins(await self._checked(), plugins)
        if etag is None:
            again, _ = await self._read(slug)
            if again.to_dict() != current.to_dict():
                raise ConcurrentChangeError(f"community {slug!r} changed while its plugins were being edited")
        body = _community(current.name, current.readable_name or "", plugins)
        try:
            result = await acall(
                "put_community",
                put_community.asyncio,
                client=self._client,
                slug=slug,
                body=body,
                if_match=etag if etag else None,
            )
        except PreconditionFailedError as error:
            raise ConcurrentChangeError(
                f"community {slug!r} changed while its plugins were being edited"
            ) from error
        return expect("put_community", result, Community)

    async def enable_plugin(self, slug: str, name: str, config: Mapping[str, Any]) -> Community:
        entry = {"name": name, "config": dict(config)}
        return await self._rewrite_plugins(slug, lambda ps: [p for p in ps if p["name"] != name] + [entry])

    async def disable_plugin(self, slug: str, name: str) -> Community:
        return await self._rewrite_plugins(slug, lambda ps: [p for p in ps if p["name"] != name])

    async def list_hooks(self, slug: str, *, request_options: Options = None) -> list[str]:
        result = await acall(
            "list_hooks", list_hooks.asyncio, request_options, client=self._client, slug=slug
        )
        return list(expect("list_hooks", result, HookList).hooks)

    async def perform_action(
        self, community: str, action: str, parameters: Mapping[str, Any], *, request_options: Options = None
    ) -> dict[str, Any]:
        plugin, slug = split_name(action, "action")
        if self.validate:
            (await self.catalogue()).check_action(action, parameters)
        body = ActionRequest(parameters=dict(parameters))
        result = await acall(
            "perform_action",
            perform_action.asyncio,
            request_options,
            client=self._client,
            plugin=plugin,
            action=slug,
            x_metagov_community=community,
            body=body,
        )
        return expect("perform_action", result, dict)

    async def start_process(
        self,
        community: str,
        process: str,
        parameters: Mapping[str, Any],
        callback_url: str | None = None,
        *,
        request_options: Options = None,
    ) -> GovernanceProcess:
        plugin, slug = split_name(process, "process")
        if self.validate:
            (await self.catalogue()).check_process(process, parameters)
        body = ProcessRequest(
            callback_url=callback_url,
            parameters=dict(parameters),
        )
        result = await acall(
            "start_process",
            start_process.asyncio,
            request_options,
            client=self._client,
            plugin=plugin,
            process=slug,
            x_metagov_community=community,
            body=body,
        )
        return expect("start_process", result, GovernanceProcess)

    async def get_process(
        self, process: str, process_id: int, *, request_options: Options = None
    ) -> GovernanceProcess:
        plugin, slug = split_name(process, "process")
        result = await acall(
            "get_process",
            get_process.asyncio,
            request_options,
            client=self._client,
            plugin=plugin,
            process=slug,
            process_id=process_id,
        )
        return expect("get_process", result, GovernanceProcess)

    async def close_process(
        self, process: str, process_id: int, *, request_options: Options = None
    ) -> GovernanceProcess:
        plugin, slug = split_name(process, "process")
        result = await acall(
            "close_process",
            close_process.asyncio,
            request_options,
            client=self._client,
            plugin=plugin,
            process=slug,
            process_id=process_id,
        )
        return expect("close_process", result, GovernanceProcess)

    async def wait_for_process(
        self,
        process: str,
        process_id: int,
        timeout: float = 300.0,  # noqa: ASYNC109 - a polling deadline
    ) -> GovernanceProcess:
        started = self._clock()
        last: GovernanceProcess | None = None
        for delay in self.backoff.delays():
            try:
                last = await self.get_process(process, process_id)
                if last.status == ProcessStatus.COMPLETED:
                    return last
            except TRANSIENT as error:
                logger.warning(
                    "polling %s #%s failed (%s); still waiting", process, process_id, type(error).__name__
                )
            remaining = timeout - (self._clock() - started)
            if remaining <= 0:
                raise ProcessTimeoutError(process, process_id, last, self._clock() - started)
            await self._sleep(min(delay, remaining))
        raise AssertionError("unreachable")  # pragma: no cover

    async def aclose(self) -> None:
        await self._client.get_async_httpx_client().aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
