"""Overhead of the suite's runtime stack versus a bare ``httpx.Client``, on loopback.

Both contenders make the same GET against the same local server; the suite's call goes through
the generated operation, hooks, the retry policy, typed errors and model parsing.
Target: at most 1.15x the bare-httpx time per call.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from loopback import cpu_of, loopback_server, measure, row, show, summary, verdict  # noqa: E402

CALLS = 2000
TARGET = 1.15
ITEM = {"id": "it_1", "name": "first"}


def _demo_package(tmp: Path) -> None:
    from scripts.pipeline import Options, run

    specs = tmp / "specs"
    specs.mkdir()
    shutil.copy(ROOT / "tests" / "runtime" / "demo_spec.yaml", specs / "demo.yaml")
    run(Options(specs, tmp / "generated", tmp / "ext", jobs=1))
    sys.path.insert(0, str(tmp / "generated"))


def main() -> list[dict[str, Any]]:
    import httpx
    from clientsuite.runtime import ClientConfig, Hooks, attach, call

    with tempfile.TemporaryDirectory() as tmp:
        _demo_package(Path(tmp))
        import demo_api
        from demo_api.api.items import get_item

        with loopback_server(ITEM) as url:
            hooks = Hooks(before_request=[lambda r: None], after_response=[lambda r: None])
            client = attach(demo_api.Client(base_url=url), ClientConfig(url, package="demo_api", hooks=hooks))
            bare = httpx.Client(base_url=url)

            def suite() -> int:
                for _ in range(CALLS):
                    call("get_item", get_item.sync, client=client, item_id="it_1")
                return CALLS

            def plain() -> int:
                for _ in range(CALLS):
                    bare.get("/items/it_1").json()
                return CALLS

            measured = measure({"suite": suite, "bare httpx": plain}, count=5)
            results = measured.rate

    suite_med, suite_lo, suite_hi = summary(results["suite"])
    bare_med, bare_lo, bare_hi = summary(results["bare httpx"])
    ratio = bare_med / suite_med  # time per call, suite / bare
    print(f"typed call, full stack : {suite_med:8.0f} calls/s  (min-max {suite_lo:.0f}-{suite_hi:.0f})")
    print(f"bare httpx.Client      : {bare_med:8.0f} calls/s  (min-max {bare_lo:.0f}-{bare_hi:.0f})")
    show(measured, "calls/s")
    print(f"time per call ratio    : {ratio:.3f}x  target <= {TARGET}x  {verdict(ratio <= TARGET)}")
    return [
        row(
            "runtime",
            "typed GET, full stack (calls/s)",
            summary(results["suite"]),
            None,
            summary(results["bare httpx"]),
            ratio,
            "suite time / bare httpx time",
            f"<= {TARGET}x",
            ratio <= TARGET,
            cpu=cpu_of(measured, "suite", None, "bare httpx"),
        ),
    ]


if __name__ == "__main__":
    main()
