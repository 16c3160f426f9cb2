"""Cold import time: ``import clientsuite.<service>`` for every service against ``import httpx``.

Each import runs in a fresh interpreter, timed inside the child around the import statement
alone: its CPU time (the headline: steady on shared cores) and its wall time; best of 3 per
module, the modules alternating round by round. Optional dependencies (PyNaCl, PyJWT,
jsonschema, authlib, aiohttp, Redis) load where their feature is first used, so they are not
part of these figures.
Target: every service at most 1.5x ``import httpx``.

Two notes follow the table, for reading it (they change no figure): how much of each import is
compiling source because no bytecode is cached (``PYTHONDONTWRITEBYTECODE`` or an unwritable
tree: a wheel install has its ``.pyc`` files), and which of httpx's optional CLI dependencies
(rich, click, pygments) ``import httpx`` loads here, which make the baseline heavier.
"""

from __future__ import annotations

import compileall
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from loopback import row, verdict

ROUNDS = 3
TARGET = 1.5
SERVICES = ("pusher", "schematic", "pluginlab", "metagov", "lumos")
BASELINE = "httpx"
OFFICIAL = {"pusher": "pusher", "schematic": "schematic.client", "pluginlab": "pluginlab_admin"}
CHILD = (
    "import time; c, t = time.process_time(), time.perf_counter(); import {module}; "
    "print(time.process_time() - c, time.perf_counter() - t)"
)
ROOT = Path(__file__).resolve().parents[1]
HTTPX_CLI = ("rich", "click", "pygments")


def cold(module: str, env: dict[str, str] | None = None) -> tuple[float, float] | None:
    """CPU and wall seconds to import ``module`` in a fresh interpreter (``None``: not installed)."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD.format(module=module)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    if done.returncode != 0:
        return None
    cpu, wall = done.stdout.split()
    return float(cpu), float(wall)


def main() -> list[dict[str, Any]]:
    modules = [BASELINE, *(f"clientsuite.{s}" for s in SERVICES), *OFFICIAL.values()]
    times: dict[str, list[float]] = {m: [] for m in modules}
    walls: dict[str, list[float]] = {m: [] for m in modules}
    for _ in range(ROUNDS):
        for module in modules:
            measured = cold(module)
            if measured is not None:
                times[module].append(measured[0])
                walls[module].append(measured[1])
    best = {m: min(values) for m, values in times.items() if values}
    base = best[BASELINE]
    print(f"best of {ROUNDS} fresh interpreters: CPU ms of the import (wall ms)")
    print(f"{'import ' + BASELINE:<32} {base * 1000:7.1f} ms ({min(walls[BASELINE]) * 1000:.1f})")
    rows = []
    for service in SERVICES:
        module = f"clientsuite.{service}"
        ratio = best[module] / base
        official = OFFICIAL.get(service)
        official_best = best.get(official) if official else None
        extra = f"; official {official}: {official_best * 1000:.1f} ms" if official_best else ""
        print(
            f"{'import ' + module:<32} {best[module] * 1000:7.1f} ms ({min(walls[module]) * 1000:.1f})"
            f"  {ratio:.2f}x httpx"
            f"  target <= {TARGET}x  {verdict(ratio <= TARGET)}{extra}"
        )
        ms = best[module] * 1000
        rows.append(
            row(
                "imports",
                f"cold import clientsuite.{service} (CPU ms, best of {ROUNDS})",
                (ms, min(times[module]) * 1000, max(times[module]) * 1000),
                None if official_best is None else (official_best * 1000,) * 3,
                (base * 1000, min(times[BASELINE]) * 1000, max(times[BASELINE]) * 1000),
                ratio,
                "suite CPU / import httpx CPU",
                f"<= {TARGET}x",
                ratio <= TARGET,
            )
        )
    notes(base)
    return rows


def notes(base: float) -> None:
    """What the figures above include, measured beside them (informational: no target, no row)."""
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sys, {BASELINE}; print(*[m for m in {HTTPX_CLI!r} if m in sys.modules])",
        ],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    if loaded:
        print(f"note: import {BASELINE} loads its CLI's {', '.join(loaded)} here; without them it is lighter")
    if not sys.dont_write_bytecode and not os.environ.get("PYTHONDONTWRITEBYTECODE"):
        return
    with tempfile.TemporaryDirectory() as copy:  # a copy with its bytecode, as an install would have
        paths = []
        for folder in ("extensions", "generated"):
            target = Path(copy) / folder
            shutil.copytree(ROOT / folder, target, ignore=shutil.ignore_patterns("__pycache__"))
            compileall.compile_dir(target, quiet=1)
            paths.append(str(target))
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
        cached: dict[str, float] = {}
        for _ in range(ROUNDS):
            for service in SERVICES:
                measured = cold(f"clientsuite.{service}", env=env)
                if measured is not None:
                    cached[service] = min(cached.get(service, measured[0]), measured[0])
    shown = ", ".join(f"{s} {cached[s] / base:.2f}x" for s in SERVICES if s in cached)
    print(f"note: no bytecode is written here, so the suite's modules compile from source; cached: {shown}")


if __name__ == "__main__":
    main()
