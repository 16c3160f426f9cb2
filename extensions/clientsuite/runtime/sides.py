"""The seams where a sync client and its async twin truly differ, named so that unasync maps them.

A facade is written once as async code (``<service>/_async/``); ``scripts/twins.py`` derives the
sync twin, renaming each ``a``-prefixed seam here to its sync name (``asleep`` -> ``sleep``,
``arun_blocking`` -> ``run_blocking``, ``attach_async`` -> ``attach_sync``). Async sources call
these instead of ``asyncio`` directly, so the twin never needs an ``if is_async`` branch.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # config (the transport) and asyncio load when a client is built or awaits
    from clientsuite.runtime.config import C, ClientConfig

T = TypeVar("T")


def sleep(seconds: float) -> None:
    time.sleep(seconds)


async def asleep(seconds: float) -> None:
    import asyncio

    await asyncio.sleep(seconds)


def run_blocking(function: Callable[..., T], *args: object) -> T:
    """Run blocking work (a thread's flush, a lock) where the caller is: in a sync client, inline."""
    return function(*args)


async def arun_blocking(function: Callable[..., T], *args: object) -> T:
    """In an async client, blocking work runs in a worker thread so the event loop keeps going."""
    import asyncio

    return await asyncio.to_thread(function, *args)


def attach_sync(client: C, config: ClientConfig) -> C:
    """The generated client with only the suite's sync httpx client attached."""
    from clientsuite.runtime.config import attach

    return attach(client, config, sync=True, asynchronous=False)


def attach_async(client: C, config: ClientConfig) -> C:
    """The generated client with only the suite's async httpx client attached."""
    from clientsuite.runtime.config import attach

    return attach(client, config, sync=False, asynchronous=True)
