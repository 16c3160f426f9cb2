"""The Metagov client: the community, action and process methods, over one generated client.

``AsyncMetagov`` here is the source; ``Metagov`` is its sync twin in ``_sync/`` (made by
``make generate``, never edited by hand).
"""

from __future__ import annotations

from typing import Any, Self

from clientsuite.metagov import base
from clientsuite.metagov._async.communities import AsyncCommunities
from clientsuite.metagov._async.processes import AsyncProcesses
from clientsuite.metagov.base import AsyncSleep
from clientsuite.runtime import sides


class AsyncMetagov(AsyncCommunities, AsyncProcesses):
    """A Metagov service's client; ``Metagov`` and ``AsyncMetagov`` have the same methods."""

    def __init__(
        self,
        base_url: str = base.DEFAULT_BASE_URL,
        *,
        sleep: AsyncSleep = sides.asleep,
        **options: Any,
    ) -> None:
        super().__init__(base_url, **options)
        self._sleep = sleep
        from metagov_api.client import Client  # the generated client: loaded when one is built

        self._client = sides.attach_async(Client(base_url=self.base_url), self._config)

    async def aclose(self) -> None:
        await self._client.get_async_httpx_client().aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
