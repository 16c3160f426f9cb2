"""Sending, and the catalogue that validation reads, for the Metagov client.

Config schemas come once per client from ``/plugin-schemas``; a community's actions and processes
once per community from its ``/actions`` and ``/processes`` (dropped when the client changes its
plugins, and fetched again once when a name is not found). A plugin that is known but not
enabled for the community is left to the server, which says so in a 400.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from clientsuite.errors import ApiError
from clientsuite.metagov.base import AsyncOperation, MetagovBase
from clientsuite.runtime.calls import Options, acall, expect
from clientsuite.runtime.lazy import lazy

if TYPE_CHECKING:
    from metagov_api import Client, models
    from metagov_api.api.catalogue import list_actions, list_events, list_plugin_schemas, list_processes

    from clientsuite.metagov.validation import Capabilities, Catalogue
else:  # the models package and each operation module load on first use
    models = lazy("metagov_api", "models")
    list_actions, list_events, list_plugin_schemas, list_processes = lazy(
        "metagov_api.api.catalogue", "list_actions", "list_events", "list_plugin_schemas", "list_processes"
    )

T = TypeVar("T")
Kind = Literal["action", "process"]


class AsyncCatalogueBase(MetagovBase):
    """What the client sends through, and its catalogue."""

    _client: Client

    async def _call(self, operation: str, fn: AsyncOperation[T], options: Options = None, **kwargs: Any) -> T:
        try:
            return await acall(operation, fn, options, client=self._client, **kwargs)
        except ApiError as error:
            from clientsuite.metagov.errors import metagov_error  # with the first error

            raise metagov_error(error) from None

    # -- the catalogue -------------------------------------------------------------------------

    async def catalogue(self, *, refresh: bool = False) -> Catalogue:
        """Every plugin's config schema, fetched once per client."""
        if self._catalogue is None or refresh:
            result = await self._call("list_plugin_schemas", list_plugin_schemas.asyncio)
            from clientsuite.metagov.validation import Catalogue  # the schema checks: with the first one

            self._catalogue = Catalogue.from_dict(dict(expect("list_plugin_schemas", result, dict)))
        return self._catalogue

    async def capabilities(self, kind: Kind, community: str, *, refresh: bool = False) -> Capabilities:
        """The community's ``"action"`` or ``"process"`` schemas, fetched once per community."""
        key = (kind, community)
        if key not in self._capabilities or refresh:
            if kind == "action":
                actions = await self._call("list_actions", list_actions.asyncio, slug=community)
                items = [a.to_dict() for a in expect("list_actions", actions, models.ActionList).actions]
            else:
                processes = await self._call("list_processes", list_processes.asyncio, slug=community)
                items = [
                    p.to_dict() for p in expect("list_processes", processes, models.ProcessList).processes
                ]
            from clientsuite.metagov.validation import Capabilities

            self._capabilities[key] = Capabilities.from_list(kind, community, items)
        return self._capabilities[key]

    async def list_events(self, community: str, *, request_options: Options = None) -> list[dict[str, Any]]:
        """The events the community's plugins send to the driver, with their data schemas."""
        result = await self._call("list_events", list_events.asyncio, request_options, slug=community)
        return [e.to_dict() for e in expect("list_events", result, models.EventList).events]

    async def _check(self, kind: Kind, community: str, name: str, parameters: Mapping[str, Any]) -> None:
        """Validate locally what the catalogue knows; a plugin not enabled is left to the server."""
        if not self.validate:
            return
        found = await self.capabilities(kind, community)
        if not found.knows(name):  # maybe enabled since we looked
            found = await self.capabilities(kind, community, refresh=True)
        if found.knows(name):
            found.check(name, parameters)
        else:  # a typo in the plugin's name fails here; "not enabled" is the server's to say
            catalogue = await self.catalogue()
            catalogue.check_plugin(name.partition(".")[0])

    async def _check_plugins(self, plugins: list[dict[str, Any]]) -> None:
        if self.validate:
            for plugin in plugins:
                catalogue = await self.catalogue()
                catalogue.check_config(plugin["name"], plugin.get("config") or {})
