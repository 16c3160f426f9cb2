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

from loopback import loopback_server, rounds, row, summary, verdict

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
    suite, bare, concurrent = med["suite"], med["bare httpx"], med[f"suite async x{IN_FLIGHT}"]
    official = med.get("official")
    checks = [
        ("suite time per call / bare httpx", bare[0] / suite[0], "<= 1.15x", bare[0] / suite[0] <= 1.15)
    ]
    if official:
        seq, conc = suite[0] / official[0], concurrent[0] / official[0]
        checks.append(("suite sequential / official", seq, ">= 1.3x", seq >= 1.3))
        checks.append((f"suite async x{IN_FLIGHT} / official sequential", conc, ">= 2.5x", conc >= 2.5))
    else:
        print("official SDK not installed (pip install -e .[bench]): official ratios not measured")
    for label, ratio, target, ok in checks:
        print(f"{label:<40}: {ratio:.2f}x  target {target}  {verdict(ok)}")
    operations = [("trigger, sequential", suite, bare), ("trigger, sequential", suite, bare)]
    operations.append((f"trigger, async {IN_FLIGHT} in flight", concurrent, None))
    return [
        row("pusher", f"{op} (events/s)", figures, official, baseline, ratio, label, target, ok)
        for (op, figures, baseline), (label, ratio, target, ok) in zip(operations, checks, strict=False)
    ]


if __name__ == "__main__":
    main()
