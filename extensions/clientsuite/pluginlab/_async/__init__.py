"""The PluginLab facade, written once as async code in ``_async``; ``make generate`` derives ``_sync``."""

from clientsuite.pluginlab._async.app import AsyncApp
from clientsuite.pluginlab._async.auth import AsyncAppAuth
from clientsuite.pluginlab._async.events import AsyncAppEvent
from clientsuite.pluginlab._async.monetization import AsyncAppMonetization

__all__ = ["AsyncApp", "AsyncAppAuth", "AsyncAppEvent", "AsyncAppMonetization"]
