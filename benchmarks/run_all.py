"""``make bench``: every benchmark in one go, one table, written as Markdown and a bar chart.

Each ``bench_*.py`` module's ``main()`` prints its own figures and returns rows (see
``loopback.row``); this script gathers them, prints one table and writes ``docs/benchmarks/``.
Each benchmark runs in a fresh interpreter: in one shared process, the clients, threads and heap
an earlier benchmark leaves behind would slow a later one (a bigger heap makes every garbage
collection dearer, and the suite's calls allocate more than a bare library's).
The headline column is the client's CPU microseconds per call (suite / official / bare), far
steadier on shared cores than throughput, which follows with its min-max.
"""

from __future__ import annotations

import importlib
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

MODULES = (
    "bench_pipeline",
    "bench_runtime",
    "bench_pusher",
    "bench_schematic",
    "bench_pluginlab",
    "bench_imports",
)
OUT = Path(__file__).resolve().parent.parent / "docs" / "benchmarks"


def _figure(value: Any) -> str:
    if value is None:
        return "-"
    median, low, high = value
    return (
        f"{median:,.2f} ({low:,.2f}-{high:,.2f})"
        if median < 100
        else f"{median:,.0f} ({low:,.0f}-{high:,.0f})"
    )


def _cpu(value: Any) -> str:
    """Client CPU us per call of (suite, official, bare), medians; '-' where not measured."""
    if not value:
        return "-"
    return " / ".join("-" if v is None else f"{v[0]:,.2f}" for v in value)


def _markdown(rows: list[dict[str, Any]]) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Measured by `make bench` on {platform.machine()} / Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d')}. Medians of several rounds, machine noise as (min-max); contenders "
        "alternate round by round against the same loopback server in its own process.",
        "",
        "Client CPU is the process time of the benchmark (client) process per call, in microseconds, "
        "for suite / official SDK / bare library; the server runs in another process.",
        "",
        "| benchmark | operation | client CPU us/call (suite / official / bare) | suite | official SDK "
        "| bare library | ratio | target | verdict |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['benchmark']} | {r['operation']} | {_cpu(r.get('cpu'))} | {_figure(r['suite'])} "
            f"| {_figure(r['official'])} | "
            f"{_figure(r['bare'])} | {r['ratio']:.2f} ({r['ratio_label']}) | {r['target']} | {r['verdict']} |"
        )
    return "\n".join(lines) + "\n\n![ratios](benchmarks.png)\n"


def _chart(rows: list[dict[str, Any]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = [f"{r['benchmark']}: {r['operation']}" for r in rows]
    ratios = [r["ratio"] for r in rows]
    colours = ["#2e7d32" if r["verdict"] == "pass" else "#c62828" for r in rows]
    figure, axis = plt.subplots(figsize=(11, 0.5 * len(rows) + 1.5))
    axis.barh(labels, ratios, color=colours)
    for index, r in enumerate(rows):
        axis.text(ratios[index], index, f" {r['ratio']:.2f}  (target {r['target']})", va="center", fontsize=8)
    axis.set_xscale("log")  # ratios span 0.2 to several hundred
    axis.invert_yaxis()
    axis.set_xlabel("ratio, log scale (the table says what each compares); green: target met, red: missed")
    axis.set_title("clientsuite benchmarks")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def _isolated(name: str) -> list[dict[str, Any]]:
    """The rows of benchmark ``name``, run by this script in a fresh interpreter (``--one``)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "rows.json"
        subprocess.run([sys.executable, __file__, "--one", name, str(out)], check=True)
        rows: list[dict[str, Any]] = json.loads(out.read_text(encoding="utf-8"))
        return rows


def _one(name: str, out: str) -> int:
    rows = importlib.import_module(name).main()
    Path(out).write_text(json.dumps(rows), encoding="utf-8")
    return 0


def main() -> int:
    from rich.console import Console
    from rich.table import Table

    rows: list[dict[str, Any]] = []
    console = Console()
    for name in MODULES:
        console.rule(name)
        rows.extend(_isolated(name))
    table = Table(title="clientsuite benchmarks", show_lines=False)
    columns = ("benchmark", "operation", "CPU us/call s/o/b", "suite", "official SDK", "bare", "ratio")
    for column in (*columns, "target", "verdict"):
        table.add_column(column)
    for r in rows:
        style = "green" if r["verdict"] == "pass" else "red"
        table.add_row(
            r["benchmark"],
            r["operation"],
            _cpu(r.get("cpu")),
            _figure(r["suite"]),
            _figure(r["official"]),
            _figure(r["bare"]),
            f"{r['ratio']:.2f}",
            r["target"],
            f"[{style}]{r['verdict']}[/]",
        )
    console.print(table)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.md").write_text(_markdown(rows), encoding="utf-8")
    _chart(rows, OUT / "benchmarks.png")
    console.print(f"written: {OUT / 'results.md'} and {OUT / 'benchmarks.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(_one(sys.argv[2], sys.argv[3]) if sys.argv[1:2] == ["--one"] else main())
