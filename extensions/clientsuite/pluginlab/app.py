"""Kept so that imports from ``clientsuite.pluginlab.app`` (its former home) still work."""

from clientsuite.pluginlab._async import AsyncApp, AsyncAppAuth, AsyncAppEvent, AsyncAppMonetization
from clientsuite.pluginlab._sync import App, AppAuth, AppEvent, AppMonetization
from clientsuite.pluginlab.events import EventLocation
from clientsuite.pluginlab.members import PaginatedMembers

__all__ = [
    "App",
    "AppAuth",
    "AppEvent",
    "AppMonetization",
    "AsyncApp",
    "AsyncAppAuth",
    "AsyncAppEvent",
    "AsyncAppMonetization",
    "EventLocation",
    "PaginatedMembers",
]
