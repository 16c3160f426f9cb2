"""Events triggered per second: clientsuite's Pusher vs the official ``pusher`` vs bare httpx.

All three publish the same signed event to the same minimal loopback server in another process;
the async client also runs 32 triggers in flight. Targets: sequential >= 1.3x the official
library and within 1.15x of bare httpx (time per call); async >= 2.5x the official sequential rate.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).parent))

from loopback import loopback_server, rounds, summary, verdict

CALLS = 1000
IN_FLIGHT = 32
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

        def run_async() -> int:
            async def go() -> None:
                async with AsyncPusher(**APP, host=host, port=port, ssl=False) as client:
                    semaphore = asyncio.Semaphore(IN_FLIGHT)

                    async def one() -> None:
                        async with semaphore:
                            await client.trigger("a_channel", "an_event", DATA)

                    await asyncio.gather(*(one() for _ in range(CALLS)))

            asyncio.run(go())
            return CALLS

        contenders = {"suite": run_suite, "bare httpx": run_bare, f"suite async x{IN_FLIGHT}": run_async}
        if official is not None:
            contenders["official"] = run_official
        results = rounds(contenders, count=5)

    med = {name: summary(values) for name, values in results.items()}
    for name, (m, lo, hi) in med.items():
        print(f"{name:<20} {m:8.0f} triggers/s  (min-max {lo:.0f}-{hi:.0f})")
    suite_rate, bare_rate = med["suite"][0], med["bare httpx"][0]
    async_rate = med[f"suite async x{IN_FLIGHT}"][0]
    bare_ratio = bare_rate / suite_rate
    rows = [
        _row("trigger, sequential (events/s)", med["suite"], med.get("official"), med["bare httpx"],
             bare_ratio, "time vs bare httpx", "<= 1.15x", bare_ratio <= 1.15),
    ]  # fmt: skip
    ok = verdict(bare_ratio <= 1.15)
    print(f"suite time per call / bare httpx  : {bare_ratio:.2f}x  target <= 1.15x  {ok}")
    if "official" in med:
        official_rate = med["official"][0]
        seq, conc = suite_rate / official_rate, async_rate / official_rate
        print(f"suite sequential / official       : {seq:.2f}x  target >= 1.3x  {verdict(seq >= 1.3)}")
        print(
            f"suite async x{IN_FLIGHT} / official seq.  : {conc:.2f}x  target >= 2.5x  {verdict(conc >= 2.5)}"
        )
        rows.append(_row("trigger vs official (events/s)", med["suite"], med["official"], med["bare httpx"],
                         seq, "suite / official", ">= 1.3x", seq >= 1.3))  # fmt: skip
        async_med = med[f"suite async x{IN_FLIGHT}"]
        rows.append(_row(f"trigger async, {IN_FLIGHT} in flight (events/s)", async_med, med["official"],
                         None, conc, "async / official sequential", ">= 2.5x", conc >= 2.5))  # fmt: skip
    else:
        print("official SDK not installed (pip install -e .[bench]): official ratios not measured")
    return rows


def _row(
    operation: str,
    suite: tuple[float, float, float],
    official: tuple[float, float, float] | None,
    bare: tuple[float, float, float] | None,
    ratio: float,
    label: str,
    target: str,
    ok: bool,
) -> dict[str, Any]:
    return {
        "benchmark": "pusher",
        "operation": operation,
        "suite": suite[0],
        "suite_range": suite[1:],
        "official": official[0] if official else None,
        "official_range": official[1:] if official else None,
        "bare": bare[0] if bare else None,
        "bare_range": bare[1:] if bare else None,
        "ratio": ratio,
        "ratio_label": label,
        "target": target,
        "verdict": verdict(ok),
    }


if __name__ == "__main__":
    main()
