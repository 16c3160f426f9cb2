"""The PluginLab admin app: the official SDK's entry point over the three generated PluginLab clients.

``App(secret_key, plugin_id).get_auth()`` / ``get_monetization()`` / ``get_event()`` as in the
official SDK, whose constructor arguments (and their order) these take (``settings.AppBase``); the
suite's own options are keyword-only after them. Each service lives in its own module.
"""

from __future__ import annotations

from clientsuite.pluginlab._async.auth import AsyncAppAuth
from clientsuite.pluginlab._async.events import AsyncAppEvent
from clientsuite.pluginlab._async.monetization import AsyncAppMonetization
from clientsuite.pluginlab.settings import AppBase


class AsyncApp(AppBase):
    """The PluginLab admin app; each ``get_*`` returns the same service object every time."""

    _auth: AsyncAppAuth | None = None
    _monetization: AsyncAppMonetization | None = None
    _event: AsyncAppEvent | None = None

    def get_auth(self) -> AsyncAppAuth:
        self._auth = self._auth or AsyncAppAuth(self._settings)
        return self._auth

    def get_monetization(self) -> AsyncAppMonetization:
        self._monetization = self._monetization or AsyncAppMonetization(self._settings)
        return self._monetization

    def get_event(self) -> AsyncAppEvent:
        self._event = self._event or AsyncAppEvent(self._settings)
        return self._event

    async def aclose(self) -> None:
        for service in (self._auth, self._monetization, self._event):
            if service is not None:
                await service.aclose()
