"""A minimal HTTP/1.1 keep-alive server in its own process, so the client's cost dominates.

It reads each request (headers and Content-Length body) and answers with one fixed response.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import multiprocessing
import socket
import statistics
import time
from collections.abc import Callable, Iterator
from typing import Any

import attrs


def _response(body: bytes, status: str) -> bytes:
    head = f"HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {len(body)}\r\n\r\n"
    return head.encode() + body


async def _serve(sock: socket.socket, payload: bytes, delay: float) -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                if length:
                    await reader.readexactly(length)
                if delay:
                    await asyncio.sleep(delay)
                writer.write(payload)
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    server = await asyncio.start_server(handle, sock=sock)
    async with server:
        await server.serve_forever()


def _run(sock: socket.socket, payload: bytes, delay: float) -> None:
    try:  # the cheaper the server, the more the client's own cost shows
        import uvloop

        uvloop.run(_serve(sock, payload, delay))
    except ImportError:
        asyncio.run(_serve(sock, payload, delay))


@contextlib.contextmanager
def loopback_server(body: Any = None, status: str = "200 OK", delay: float = 0.0) -> Iterator[str]:
    """Serve ``body`` (JSON) on 127.0.0.1 in a child process; yields the base URL."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    payload = _response(json.dumps({} if body is None else body).encode(), status)
    process = multiprocessing.get_context("fork").Process(
        target=_run, args=(sock, payload, delay), daemon=True
    )
    process.start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        process.terminate()
        process.join(5)
        sock.close()


@attrs.frozen
class Measured:
    """Per contender and round: operations per second, and client CPU microseconds per operation."""

    rate: dict[str, list[float]]
    cpu: dict[str, list[float]]


def measure(contenders: dict[str, Callable[[], int]], count: int = 5) -> Measured:
    """Run each contender ``count`` times, alternating A B A B; each call returns how many ops it did.

    CPU is the process time of this (the client) process over the round divided by its operations:
    the server runs in another process, and on shared cores CPU is far steadier than wall time.
    """
    rate: dict[str, list[float]] = {name: [] for name in contenders}
    cpu: dict[str, list[float]] = {name: [] for name in contenders}
    for fn in contenders.values():  # warm-up: pools, imports, caches
        fn()
    for _ in range(count):
        for name, fn in contenders.items():
            gc.collect()
            cpu_started, started = time.process_time(), time.perf_counter()
            ops = fn()
            wall, used = time.perf_counter() - started, time.process_time() - cpu_started
            rate[name].append(ops / wall)
            cpu[name].append(used * 1e6 / ops)
    return Measured(rate, cpu)


def rounds(contenders: dict[str, Callable[[], int]], count: int = 5) -> dict[str, list[float]]:
    """Operations per second of each round (see :func:`measure`, which also gives CPU per call)."""
    return measure(contenders, count).rate


def summary(values: list[float]) -> tuple[float, float, float]:
    return statistics.median(values), min(values), max(values)


def verdict(ok: bool) -> str:
    return "pass" if ok else "miss"


Figures = tuple[float, float, float]


def row(
    benchmark: str,
    operation: str,
    suite: Figures,
    official: Figures | None,
    bare: Figures | None,
    ratio: float,
    ratio_label: str,
    target: str,
    ok: bool,
    *,
    cpu: tuple[Figures | None, Figures | None, Figures | None] | None = None,
) -> dict[str, Any]:
    """One line of the `make bench` table: medians with their min-max, the ratio and its verdict.

    ``cpu``: client CPU microseconds per call of (suite, official, bare), the headline figure of
    every throughput row.
    """
    return {
        "benchmark": benchmark,
        "operation": operation,
        "suite": suite,
        "official": official,
        "bare": bare,
        "cpu": cpu,
        "ratio": ratio,
        "ratio_label": ratio_label,
        "target": target,
        "verdict": verdict(ok),
    }


def cpu_of(measured: Measured, *names: str | None) -> tuple[Figures | None, ...]:
    """The CPU figures of the named contenders (``None`` for a contender not measured)."""
    return tuple(
        summary(measured.cpu[name]) if name is not None and name in measured.cpu else None for name in names
    )


def show(measured: Measured, unit: str) -> None:
    """Print each contender's CPU per call (the headline) and its throughput, medians and min-max."""
    for name in measured.rate:
        c, clo, chi = summary(measured.cpu[name])
        r, rlo, rhi = summary(measured.rate[name])
        print(
            f"{name:<32} {c:9.2f} us CPU/call ({clo:.2f}-{chi:.2f})"
            f"  {r:12,.0f} {unit} ({rlo:,.0f}-{rhi:,.0f})"
        )
