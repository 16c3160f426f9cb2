"""Communities: create, read, delete, edit their plugins safely, and list their webhook paths."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from clientsuite.errors import ApiConnectionError, NotFoundError, PreconditionFailedError
from clientsuite.metagov import base
from clientsuite.metagov._async.catalogue import AsyncCatalogueBase
from clientsuite.runtime.calls import Options, expect
from clientsuite.runtime.lazy import lazy

if TYPE_CHECKING:
    from metagov_api import models
    from metagov_api.api.communities import delete_community, get_community, list_hooks, put_community
    from metagov_api.models import Community

    from clientsuite.metagov.saved import SavedCommunity
else:  # the models package and each operation module load on first use
    models = lazy("metagov_api", "models")
    delete_community, get_community, list_hooks, put_community = lazy(
        "metagov_api.api.communities", "delete_community", "get_community", "list_hooks", "put_community"
    )

logger = logging.getLogger("clientsuite.metagov")
Edit = Callable[[list[dict[str, Any]]], list[dict[str, Any]]]


class AsyncCommunities(AsyncCatalogueBase):
    """The community methods of the client."""

    async def put_community(
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
        await self._check_plugins(entries)
        body = base.community_body(name, readable_name, entries)
        try:
            response = await self._call(
                "put_community", put_community.asyncio_detailed, request_options, slug=slug, body=body
            )
        finally:
            self._forget(slug)
        return base.saved("put_community", response)

    async def get_community(self, slug: str, *, request_options: Options = None) -> Community:
        result = await self._call("get_community", get_community.asyncio, request_options, slug=slug)
        return expect("get_community", result, models.Community)

    async def _read(self, slug: str) -> tuple[Community, str | None]:
        response = await self._call("get_community", get_community.asyncio_detailed, slug=slug)
        return expect("get_community", response.parsed, models.Community), response.headers.get("etag")

    async def delete_community(self, slug: str, *, request_options: Options = None) -> None:
        """Delete the community. If its answer is lost (see the spec), a read confirms the deletion."""
        self._forget(slug)
        try:
            await self._call(
                "delete_community",
                delete_community.asyncio_detailed,
                request_options or {"max_retries": 0},
                slug=slug,
            )
        except ApiConnectionError:
            try:
                await self._read(slug)
            except NotFoundError:
                logger.info("the answer to DELETE of community %r was lost; it is deleted", slug)
                return
            raise

    async def _rewrite_plugins(self, slug: str, edit: Edit) -> SavedCommunity:
        """Read-modify-write of the plugin list that does not overwrite a change it can see."""
        current, etag = await self._read(slug)
        plugins = edit(base.plugins_of(current))
        await self._check_plugins(plugins)
        body = base.community_body(current.name, current.readable_name or "", plugins)
        if etag is None:  # Metagov does not version communities: re-read right before writing
            again, _ = await self._read(slug)
            base.check_unchanged(slug, current, again)
        try:
            response = await self._call(
                "put_community", put_community.asyncio_detailed, slug=slug, body=body, if_match=etag or None
            )
        except PreconditionFailedError as error:
            from clientsuite.metagov.errors import ConcurrentChangeError

            raise ConcurrentChangeError(
                slug, "the versioned write was refused; nothing was written"
            ) from error
        finally:
            self._forget(slug)
        stored = base.saved("put_community", response)
        if etag is None and not self._config.offline:  # verify that what we stored is still there
            after, _ = await self._read(slug)
            base.check_holds(slug, stored, after)
        return stored

    async def enable_plugin(self, slug: str, name: str, config: Mapping[str, Any]) -> SavedCommunity:
        """Enable ``name`` for the community (or replace its config), keeping the other plugins."""
        entry = {"name": name, "config": dict(config)}
        return await self._rewrite_plugins(slug, lambda ps: [p for p in ps if p["name"] != name] + [entry])

    async def disable_plugin(self, slug: str, name: str) -> SavedCommunity:
        """Disable ``name`` for the community, keeping the other plugins."""
        return await self._rewrite_plugins(slug, lambda ps: [p for p in ps if p["name"] != name])

    async def list_hooks(self, slug: str, *, request_options: Options = None) -> list[str]:
        """The community's webhook receiver paths (``/api/hooks/...``; see :meth:`hook_url`)."""
        result = await self._call("list_hooks", list_hooks.asyncio, request_options, slug=slug)
        return list(expect("list_hooks", result, models.HookList).hooks)
