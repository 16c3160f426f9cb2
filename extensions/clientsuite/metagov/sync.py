"""``Metagov``: the sync client of a Metagov service (see :mod:`.base` for what is shared)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Self, TypeVar

from metagov_api import Client
from metagov_api.api.actions import perform_action
from metagov_api.api.catalogue import list_actions, list_events, list_plugin_schemas, list_processes
from metagov_api.api.communities import delete_community, get_community, list_hooks, put_community
from metagov_api.api.processes import close_process, get_process, start_process
from metagov_api.models import (
    ActionList,
    ActionRequest,
    ActionRequestParameters,
    ActionResult,
    Community,
    EventList,
    GovernanceProcess,
    HookList,
    PluginSchemas,
    ProcessList,
    ProcessStatus,
)
from metagov_api.types import UNSET

from clientsuite.errors import ApiConnectionError, ApiError, NotFoundError, PreconditionFailedError
from clientsuite.metagov import base
from clientsuite.metagov.base import MetagovBase, ProcessHandle, SavedCommunity, split_name
from clientsuite.metagov.errors import ConcurrentChangeError, ProcessTimeoutError, metagov_error
from clientsuite.metagov.validation import Capabilities, Catalogue
from clientsuite.runtime import attach, call, expect
from clientsuite.runtime.calls import Options

logger = logging.getLogger("clientsuite.metagov")
T = TypeVar("T")
Edit = Callable[[list[dict[str, Any]]], list[dict[str, Any]]]


class Metagov(MetagovBase):
    """The sync client."""

    def __init__(
        self,
        base_url: str = base.DEFAULT_BASE_URL,
        *,
        sleep: Callable[[float], None] = time.sleep,
        **options: Any,
    ) -> None:
        super().__init__(base_url, **options)
        self._sleep = sleep
        self._client = attach(Client(base_url=self.base_url), self._config, asynchronous=False)

    def _call(self, operation: str, fn: Callable[..., T], options: Options = None, **kwargs: Any) -> T:
        try:
            return call(operation, fn, options, client=self._client, **kwargs)
        except ApiError as error:
            raise metagov_error(error) from None

    # -- the catalogue -------------------------------------------------------------------------

    def catalogue(self, *, refresh: bool = False) -> Catalogue:
        """Every plugin's config schema, fetched once per client."""
        if self._catalogue is None or refresh:
            result = self._call("list_plugin_schemas", list_plugin_schemas.sync)
            self._catalogue = Catalogue.from_dict(
                expect("list_plugin_schemas", result, PluginSchemas).to_dict()
            )
        return self._catalogue

    def capabilities(self, kind: str, community: str, *, refresh: bool = False) -> Capabilities:
        """The community's ``"action"`` or ``"process"`` schemas, fetched once per community."""
        key = (kind, community)
        if key not in self._capabilities or refresh:
            if kind == "action":
                found = expect(
                    "list_actions", self._call("list_actions", list_actions.sync, slug=community), ActionList
                )
                items = [a.to_dict() for a in found.actions]
            else:
                found_p = self._call("list_processes", list_processes.sync, slug=community)
                items = [p.to_dict() for p in expect("list_processes", found_p, ProcessList).processes]
            self._capabilities[key] = Capabilities.from_list(kind, community, items)
        return self._capabilities[key]

    def list_events(self, community: str, *, request_options: Options = None) -> list[dict[str, Any]]:
        """The events the community's plugins send to the driver, with their data schemas."""
        result = self._call("list_events", list_events.sync, request_options, slug=community)
        return [e.to_dict() for e in expect("list_events", result, EventList).events]

    def _check(self, kind: str, community: str, name: str, parameters: Mapping[str, Any]) -> None:
        """Validate locally what the catalogue knows; a plugin not enabled is left to the server."""
        if not self.validate:
            return
        found = self.capabilities(kind, community)
        if not found.knows(name):  # maybe enabled since we looked
            found = self.capabilities(kind, community, refresh=True)
        if found.knows(name):
            found.check(name, parameters)
        else:  # a typo in the plugin's name fails here; "not enabled" is the server's to say
            self.catalogue().check_plugin(name.partition(".")[0])

    def _check_plugins(self, plugins: list[dict[str, Any]]) -> None:
        if self.validate:
            for plugin in plugins:
                self.catalogue().check_config(plugin["name"], plugin.get("config") or {})

    # -- communities ---------------------------------------------------------------------------

    def put_community(
        self,
        slug: str,
        name: str,
        readable_name: str = "",
        plugins: Iterable[Mapping[str, Any]] = (),
        *,
        request_options: Options = None,
    ) -> SavedCommunity:
        """Create (``created`` True, a 201) or replace (a 200) a community with exactly these plugins."""
        entries = [dict(p) for p in plugins]
        self._check_plugins(entries)
        body = base.community_body(name, readable_name, entries)
        try:
            response = self._call(
                "put_community", put_community.sync_detailed, request_options, slug=slug, body=body
            )
        finally:
            self._forget(slug)
        return base.saved("put_community", response)

    def get_community(self, slug: str, *, request_options: Options = None) -> Community:
        result = self._call("get_community", get_community.sync, request_options, slug=slug)
        return expect("get_community", result, Community)

    def _read(self, slug: str) -> tuple[Community, str | None]:
        response = self._call("get_community", get_community.sync_detailed, slug=slug)
        return expect("get_community", response.parsed, Community), response.headers.get("etag")

    def delete_community(self, slug: str, *, request_options: Options = None) -> None:
        """Delete the community. If its answer is lost (see the spec), a read confirms the deletion."""
        self._forget(slug)
        try:
            self._call(
                "delete_community",
                delete_community.sync_detailed,
                request_options or {"max_retries": 0},
                slug=slug,
            )
        except ApiConnectionError:
            try:
                self._read(slug)
            except NotFoundError:
                logger.info("the answer to DELETE of community %r was lost; it is deleted", slug)
                return
            raise

    def _rewrite_plugins(self, slug: str, edit: Edit) -> SavedCommunity:
        """Read-modify-write of the plugin list that does not overwrite a change it can see."""
        current, etag = self._read(slug)
        plugins = edit(base.plugins_of(current))
        self._check_plugins(plugins)
        body = base.community_body(current.name, current.readable_name or "", plugins)
        if etag is None:  # Metagov does not version communities: re-read right before writing
            again, _ = self._read(slug)
            base.check_unchanged(slug, current, again)
        try:
            response = self._call(
                "put_community", put_community.sync_detailed, slug=slug, body=body, if_match=etag or UNSET
            )
        except PreconditionFailedError as error:
            raise ConcurrentChangeError(
                slug, "the versioned write was refused; nothing was written"
            ) from error
        finally:
            self._forget(slug)
        if etag is None and not self._config.offline:  # verify that exactly our change is stored
            after, _ = self._read(slug)
            base.check_holds(slug, plugins, after)
        return base.saved("put_community", response)

    def enable_plugin(self, slug: str, name: str, config: Mapping[str, Any]) -> SavedCommunity:
        """Enable ``name`` for the community (or replace its config), keeping the other plugins."""
        entry = {"name": name, "config": dict(config)}
        return self._rewrite_plugins(slug, lambda ps: [p for p in ps if p["name"] != name] + [entry])

    def disable_plugin(self, slug: str, name: str) -> SavedCommunity:
        """Disable ``name`` for the community, keeping the other plugins."""
        return self._rewrite_plugins(slug, lambda ps: [p for p in ps if p["name"] != name])

    def list_hooks(self, slug: str, *, request_options: Options = None) -> list[str]:
        """The community's webhook receiver paths (``/api/hooks/...``; see :meth:`hook_url`)."""
        result = self._call("list_hooks", list_hooks.sync, request_options, slug=slug)
        return list(expect("list_hooks", result, HookList).hooks)

    # -- actions and processes -----------------------------------------------------------------

    def perform_action(
        self, community: str, action: str, parameters: Mapping[str, Any], *, request_options: Options = None
    ) -> dict[str, Any]:
        """Run ``"plugin.action"`` for ``community`` and return its result."""
        plugin, slug = split_name(action, "action")
        self._check("action", community, action, parameters)
        body = ActionRequest(parameters=ActionRequestParameters.from_dict(dict(parameters)))
        result = self._call(
            "perform_action",
            perform_action.sync,
            request_options,
            plugin=plugin,
            action=slug,
            x_metagov_community=community,
            body=body,
        )
        return expect("perform_action", result, ActionResult).to_dict()

    def start_process(
        self,
        community: str,
        process: str,
        parameters: Mapping[str, Any],
        callback_url: str | None = None,
        *,
        request_options: Options = None,
    ) -> ProcessHandle:
        """Start ``"plugin.process"``; its handle's ``id`` is what ``get_process`` and waiting take."""
        plugin, slug = split_name(process, "process")
        self._check("process", community, process, parameters)
        response = self._call(
            "start_process",
            start_process.sync_detailed,
            request_options,
            plugin=plugin,
            process=slug,
            x_metagov_community=community,
            body=base.process_body(parameters, callback_url),
        )
        return base.handle_from(process, community, response)

    def get_process(
        self, process: str, process_id: int, *, request_options: Options = None
    ) -> GovernanceProcess:
        plugin, slug = split_name(process, "process")
        result = self._call(
            "get_process",
            get_process.sync,
            request_options,
            plugin=plugin,
            process=slug,
            process_id=process_id,
        )
        return expect("get_process", result, GovernanceProcess)

    def close_process(
        self, process: str, process_id: int, *, request_options: Options = None
    ) -> GovernanceProcess:
        """Close the process early; its record (with the outcome so far). A completed one is a 400."""
        plugin, slug = split_name(process, "process")
        result = self._call(
            "close_process",
            close_process.sync,
            request_options,
            plugin=plugin,
            process=slug,
            process_id=process_id,
        )
        return expect("close_process", result, GovernanceProcess)

    def wait_for_process(self, process: str, process_id: int, timeout: float = 300.0) -> GovernanceProcess:
        """Poll with backoff until the process is completed; transient failures are waited out.

        The deadline holds: each poll's request gets at most what is left of ``timeout``. At the
        deadline it raises :class:`ProcessTimeoutError`, carrying the last known state.
        """
        started = self._clock()
        last: GovernanceProcess | None = None
        for delay in self.backoff.delays():
            remaining = timeout - (self._clock() - started)
            if remaining <= 0:  # no poll after the deadline
                raise ProcessTimeoutError(process, process_id, last, self._clock() - started)
            try:
                last = self.get_process(process, process_id, request_options=self._poll_options(remaining))
                if last.status == ProcessStatus.COMPLETED:
                    return last
            except base.TRANSIENT as error:
                logger.warning(
                    "polling %s #%s failed (%s); still waiting", process, process_id, type(error).__name__
                )
            remaining = timeout - (self._clock() - started)
            if remaining > 0:
                self._sleep(min(delay, remaining))
        raise AssertionError("unreachable")  # pragma: no cover

    def close(self) -> None:
        self._client.get_httpx_client().close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
