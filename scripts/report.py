"""Render a run's outcomes: a terminal summary people enjoy, and Markdown for a pull request."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from scripts.pipeline import Outcome, Status

_STYLE = {
    Status.UNCHANGED: ("·", "dim"),
    Status.FRESH: ("✓", "green"),
    Status.REGENERATED: ("✓", "bold green"),
    Status.REMOVED: ("-", "yellow"),
    Status.STALE: ("!", "bold yellow"),
    Status.FAILED: ("✗", "bold red"),
}


def failed(outcomes: Sequence[Outcome]) -> bool:
    """Whether the run should exit non-zero."""
    return any(o.status in (Status.FAILED, Status.STALE) for o in outcomes)


def _usage_text(outcome: Outcome, change_index: int) -> str:
    change = outcome.changes[change_index]
    places = outcome.usages.get(change, [])
    return ", ".join(str(p) for p in places)


def print_outcomes(console: Console, outcomes: Sequence[Outcome], seconds: float) -> None:
    for o in outcomes:
        mark, style = _STYLE[o.status]
        line = Text(f"{mark} ", style=style)
        line.append(f"{o.service:<24}", style="bold")
        line.append(f"{o.status.value:<12}", style=style)
        if o.status is not Status.FAILED:
            line.append(f"{o.operations:>3} operations {o.models:>3} models", style="cyan")
        if o.seconds:
            line.append(f"  {o.seconds:5.2f} s", style="dim")
        console.print(line)
        for problem in o.problems:
            console.print(Text(f"    {problem}", style="red"), soft_wrap=True)
        for drop in o.allowed_drops:
            console.print(Text(f"    dropped (allowed by config): {drop}", style="yellow"), soft_wrap=True)
        if o.changes:
            table = Table(show_header=True, header_style="bold", box=None, padding=(0, 2), pad_edge=False)
            table.add_column("", width=2)
            table.add_column("change")
            table.add_column("symbol")
            table.add_column("used in extensions/", overflow="fold")
            for index, change in enumerate(o.changes):
                flag = Text("!!", style="bold red") if change.breaking else Text("+", style="green")
                table.add_row(flag, change.description, change.label, _usage_text(o, index))
            console.print(table)
    counts: dict[Status, int] = {}
    for o in outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    summary = ", ".join(f"{n} {status.value}" for status, n in sorted(counts.items())) or "no services"
    breaking = sum(c.breaking for o in outcomes for c in o.changes)
    style = "bold red" if failed(outcomes) else "bold green"
    tail = f"; {breaking} breaking change(s)" if breaking else ""
    console.print(Text(f"{len(outcomes)} service(s): {summary}{tail} in {seconds:.2f} s", style=style))


def markdown(outcomes: Sequence[Outcome]) -> str:
    """The change report as Markdown, for a pull-request description."""
    lines = ["# Generated client changes", ""]
    changed = [o for o in outcomes if o.changes or o.problems or o.status is Status.REMOVED]
    if not changed:
        lines.append("No change to any generated API surface.")
    for o in changed:
        breaking = sum(c.breaking for c in o.changes)
        lines += [f"## `{o.service}_api` ({o.status.value}, {breaking} breaking)", ""]
        for problem in o.problems:
            lines.append(f"- **error**: {problem}")
        if o.changes:
            lines += ["| | change | symbol | used in `extensions/` |", "|---|---|---|---|"]
            for index, change in enumerate(o.changes):
                flag = "**breaking**" if change.breaking else "added" if "added" in change.description else ""
                usage = _usage_text(o, index).replace("|", "\\|") or ""
                lines.append(f"| {flag} | {change.description} | `{change.label}` | {usage} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def write_markdown(path: Path, outcomes: Sequence[Outcome]) -> None:
    path.write_text(markdown(outcomes), encoding="utf-8")
