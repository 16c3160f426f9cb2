"""The sync/async seams behave alike on both sides."""

from __future__ import annotations

import threading

import httpx
from clientsuite.runtime import ClientConfig
from clientsuite.runtime.sides import arun_blocking, asleep, attach_async, attach_sync, run_blocking, sleep


class _Generated:
    def __init__(self) -> None:
        self.sync: httpx.Client | None = None
        self.asynchronous: httpx.AsyncClient | None = None

    def set_httpx_client(self, client: httpx.Client) -> None:
        self.sync = client

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> None:
        self.asynchronous = async_client


def test_sync_seams_run_inline() -> None:
    sleep(0)
    assert run_blocking(threading.get_ident) == threading.get_ident()


async def test_async_seams_run_blocking_work_off_the_loop() -> None:
    await asleep(0)
    assert await arun_blocking(threading.get_ident) != threading.get_ident()


def test_attach_gives_each_side_only_its_client() -> None:
    config = ClientConfig("http://127.0.0.1:9", offline=False)
    sync_side, async_side = attach_sync(_Generated(), config), attach_async(_Generated(), config)
    assert isinstance(sync_side.sync, httpx.Client) and sync_side.asynchronous is None
    assert isinstance(async_side.asynchronous, httpx.AsyncClient) and async_side.sync is None
    sync_side.sync.close()
