"""Actions, and governance processes: start, read, close, and wait for their outcome."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from clientsuite.metagov import base
from clientsuite.metagov._async.catalogue import AsyncCatalogueBase
from clientsuite.metagov.base import AsyncOperation, AsyncSleep, ProcessHandle, split_name
from clientsuite.runtime.calls import Options, expect
from clientsuite.runtime.lazy import lazy

if TYPE_CHECKING:
    from metagov_api import models
    from metagov_api.api.actions import perform_action
    from metagov_api.api.processes import close_process, get_process, start_process
    from metagov_api.models import GovernanceProcess
else:  # the models package and each operation module load on first use
    models = lazy("metagov_api", "models")
    perform_action = lazy("metagov_api.api.actions", "perform_action")
    close_process, get_process, start_process = lazy(
        "metagov_api.api.processes", "close_process", "get_process", "start_process"
    )

logger = logging.getLogger("clientsuite.metagov")


class AsyncProcesses(AsyncCatalogueBase):
    """The action and process methods of the client."""

    _sleep: AsyncSleep

    async def perform_action(
        self, community: str, action: str, parameters: Mapping[str, Any], *, request_options: Options = None
    ) -> dict[str, Any]:
        """Run ``"plugin.action"`` for ``community`` and return its result."""
        plugin, slug = split_name(action, "action")
        await self._check("action", community, action, parameters)
        body = models.ActionRequest(parameters=dict(parameters))
        result = await self._call(
            "perform_action",
            perform_action.asyncio,
            request_options,
            plugin=plugin,
            action=slug,
            x_metagov_community=community,
            body=body,
        )
        return dict(expect("perform_action", result, dict))

    async def start_process(
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
        await self._check("process", community, process, parameters)
        response = await self._call(
            "start_process",
            start_process.asyncio_detailed,
            request_options,
            plugin=plugin,
            process=slug,
            x_metagov_community=community,
            body=base.process_body(parameters, callback_url),
        )
        return base.handle_from(process, community, response)

    async def get_process(
        self, process: str, process_id: int, *, request_options: Options = None
    ) -> GovernanceProcess:
        fn = get_process.asyncio
        return await self._on_process("get_process", fn, process, process_id, request_options)

    async def close_process(
        self, process: str, process_id: int, *, request_options: Options = None
    ) -> GovernanceProcess:
        """Close the process early; its record (with the outcome so far). A completed one is a 400."""
        fn = close_process.asyncio
        return await self._on_process("close_process", fn, process, process_id, request_options)

    async def _on_process(
        self, operation: str, fn: AsyncOperation[object], process: str, process_id: int, options: Options
    ) -> GovernanceProcess:
        """One request about one process (``"plugin.process"`` and its id), answering its record."""
        plugin, slug = split_name(process, "process")
        result = await self._call(operation, fn, options, plugin=plugin, process=slug, process_id=process_id)
        return expect(operation, result, models.GovernanceProcess)

    async def wait_for_process(
        self,
        process: str,
        process_id: int,
        timeout: float = 300.0,  # noqa: ASYNC109, RUF100 - a polling deadline (RUF100: the sync twin's)
    ) -> GovernanceProcess:
        """Poll with backoff until the process is completed; transient failures are waited out.

        The deadline holds: each poll's request gets at most what is left of ``timeout``. At the
        deadline it raises :class:`ProcessTimeoutError`, carrying the last known state.
        """
        started = self._clock()
        last: GovernanceProcess | None = None
        for delay in self.backoff.delays():
            remaining = timeout - (self._clock() - started)
            if remaining <= 0:  # no poll after the deadline
                from clientsuite.metagov.errors import ProcessTimeoutError

                raise ProcessTimeoutError(process, process_id, last, self._clock() - started)
            try:
                options = self._poll_options(remaining)
                last = await self.get_process(process, process_id, request_options=options)
                if last.status == models.ProcessStatus.COMPLETED:
                    return last
            except base.TRANSIENT as error:
                logger.warning(
                    "polling %s #%s failed (%s); still waiting", process, process_id, type(error).__name__
                )
            remaining = timeout - (self._clock() - started)
            if remaining > 0:
                await self._sleep(min(delay, remaining))
        raise AssertionError("unreachable")  # pragma: no cover
