"""Events triggered per second: clientsuite's Pusher vs the official ``pusher`` vs bare httpx.

All three publish the same signed event to the same minimal loopback server in another process;
the async client also runs 32 triggers in flight, plain and with ``coalesce=True`` (concurrent
triggers sent together as batch requests). Targets: sequential >= 1.3x the official library and
within 1.15x of bare httpx (time per call); async >= 2.5x the official sequential rate.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).parent))

from loopback import loopback_server, rounds, row, summary

CALLS = 1000
IN_FLIGHT = 32
ASYNC = f"async x{IN_FLIGHT}"
COALESCED = f"async x{IN_FLIGHT}, coalesce=True"
APP = {"app_id": "123", "key": "bench-key", "secret": "bench-secret"}
DATA = {"message": "hello", "n": 1}


def _official(host: str, port: int) -> Any:
    try:
        import pusher
    except ImportError:
        return None
    return pusher.Pusher(**APP, host=host, port=port, ssl=False)


def main() -> list[dict[str, Any]]:
    import httpx
    from clientsuite.pusher import AsyncPusher, Pusher
    from clientsuite.pusher.signing import signed_params

    with loopback_server({}) as url:
        parts = urlsplit(url)
        host, port = parts.hostname or "127.0.0.1", parts.port or 80
        suite = Pusher(**APP, host=host, port=port, ssl=False)
        official = _official(host, port)
        bare = httpx.Client(base_url=url)

        def run_suite() -> int:
            for _ in range(CALLS):
                suite.trigger("a_channel", "an_event", DATA)
            return CALLS

        def run_bare() -> int:
            path = "/apps/123/events"
            for _ in range(CALLS):
                body = json.dumps(
                    {"name": "an_event", "data": json.dumps(DATA), "channels": ["a_channel"]}
                ).encode()
                params = signed_params("bench-key", "bench-secret", "POST", path, {}, body, int(time.time()))
                bare.post(
                    path, params=params, content=body, headers={"content-type": "application/json"}
                ).json()
            return CALLS

        def run_official() -> int:
            for _ in range(CALLS):
                official.trigger("a_channel", "an_event", DATA)
            return CALLS

        def run_async(coalesce: bool) -> Callable[[], int]:
            def run() -> int:
                async def go() -> None:
                    async with AsyncPusher(
                        **APP, host=host, port=port, ssl=False, coalesce=coalesce
                    ) as client:
                        semaphore = asyncio.Semaphore(IN_FLIGHT)

                        async def one() -> None:
                            async with semaphore:
                                await client.trigger("a_channel", "an_event", DATA)

                        await asyncio.gather(*(one() for _ in range(CALLS)))

                asyncio.run(go())
                return CALLS

            return run

        contenders = {
            "suite": run_suite,
            "bare httpx": run_bare,
            ASYNC: run_async(coalesce=False),
            COALESCED: run_async(coalesce=True),
        }
        if official is not None:
            contenders["official"] = run_official
        results = rounds(contenders, count=5)

    med = {name: summary(values) for name, values in results.items()}
    for name, (m, lo, hi) in med.items():
        print(f"{name:<30} {m:8.0f} triggers/s  (min-max {lo:.0f}-{hi:.0f})")
    suite, bare, official = med["suite"], med["bare httpx"], med.get("official")
    rows = [
        row(
            "pusher",
            "trigger, sequential (events/s)",
            suite,
            official,
            bare,
            bare[0] / suite[0],
            "suite time / bare httpx time",
            "<= 1.15x",
            bare[0] / suite[0] <= 1.15,
        ),
    ]
    if official:
        seq = suite[0] / official[0]
        rows.append(
            row(
                "pusher",
                "trigger, sequential vs official (events/s)",
                suite,
                official,
                bare,
                seq,
                "suite / official",
                ">= 1.3x",
                seq >= 1.3,
            )
        )
        for name in (ASYNC, COALESCED):
            ratio = med[name][0] / official[0]
            rows.append(
                row(
                    "pusher",
                    f"trigger, {name} (events/s)",
                    med[name],
                    official,
                    None,
                    ratio,
                    "async / official sequential",
                    ">= 2.5x",
                    ratio >= 2.5,
                )
            )
    else:
        print("official SDK not installed (pip install -e .[bench]): official ratios not measured")
    for r in rows:
        ratio = f"{r['ratio']:.2f}x ({r['ratio_label']})"
        print(f"{r['operation']:<50}: {ratio}  target {r['target']}  {r['verdict']}")
    return rows


if __name__ == "__main__":
    main()
