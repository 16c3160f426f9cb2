"""Render a run's outcomes: a rich table on a terminal, one plain line per change elsewhere, Markdown.

Piped or in CI nothing is cut or wrapped: every symbol and path is printed whole, so a report in a
log reads the same as on a wide terminal.
"""

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
    Status.BLOCKED: ("✗", "bold red"),
}


def failed(outcomes: Sequence[Outcome]) -> bool:
    """Whether the run should exit non-zero."""
    return any(o.status in (Status.FAILED, Status.STALE, Status.BLOCKED) for o in outcomes)


def breaking_count(outcomes: Sequence[Outcome]) -> int:
    return sum(c.breaking for o in outcomes for c in o.changes)


def _usage_text(outcome: Outcome, change_index: int) -> str:
    change = outcome.changes[change_index]
    places = outcome.usages.get(change, [])
    return ", ".join(str(p) for p in places)


def _details(o: Outcome) -> list[tuple[str, str]]:
    """(style, text) lines under a service: problems, misfits, warnings, drops."""
    lines = [("red", problem) for problem in o.problems]
    if o.misfits:
        allowed = o.status is not Status.BLOCKED
        head = "breaks hand-written code" + (" (allowed by --allow-breaking)" if allowed else "")
        head += "; generated/ kept as it was" if not allowed else ""
        lines.append(("bold red", head + ":"))
        lines += [("red", f"  {misfit}") for misfit in o.misfits]
    lines += [("yellow", f"warning: {warning}") for warning in o.warnings]
    lines += [("yellow", f"dropped (allowed by config): {drop}") for drop in o.allowed_drops]
    return lines


def _headline(o: Outcome) -> Text:
    mark, style = _STYLE[o.status]
    line = Text(f"{mark} ", style=style)
    name = o.service if len(o.service) < 24 else o.service + " "
    line.append(f"{name:<24}", style="bold")
    line.append(f"{o.status.value:<12}", style=style)
    if o.kind == "twin":
        line.append(f"{o.operations:>3} modules (sync twin)", style="cyan")
    elif o.status not in (Status.FAILED, Status.BLOCKED):
        line.append(f"{o.operations:>3} operations {o.models:>3} models", style="cyan")
    if o.seconds:
        line.append(f"  {o.seconds:5.2f} s", style="dim")
    return line


def _summary(outcomes: Sequence[Outcome], seconds: float) -> str:
    counts: dict[Status, int] = {}
    for o in outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    summary = ", ".join(f"{n} {status.value}" for status, n in sorted(counts.items())) or "no services"
    breaking = breaking_count(outcomes)
    base = outcomes[0].base if outcomes else ""
    tail = f"; {breaking} breaking change(s) against {base}" if breaking else ""
    twins = sum(o.kind == "twin" for o in outcomes)
    what = f"{len(outcomes) - twins} service(s)" + (f" and {twins} sync twin(s)" if twins else "")
    return f"{what}: {summary}{tail} in {seconds:.2f} s"


def print_outcomes(
    console: Console, outcomes: Sequence[Outcome], seconds: float, plain: bool = False
) -> None:
    """A table per service on a terminal; with ``plain`` (not a terminal) one whole line per change."""
    if plain:
        print_plain(outcomes, seconds)
        return
    for o in outcomes:
        console.print(_headline(o))
        for style, text in _details(o):
            console.print(Text(f"    {text}", style=style), soft_wrap=True)
        if o.changes:
            table = Table(show_header=True, header_style="bold", box=None, padding=(0, 2), pad_edge=False)
            table.add_column("", width=2)
            table.add_column("change")
            table.add_column("symbol", no_wrap=True)
            table.add_column("used in extensions/", overflow="fold")
            for index, change in enumerate(o.changes):
                flag = Text("!!", style="bold red") if change.breaking else Text("+", style="green")
                table.add_row(flag, change.description, change.label, _usage_text(o, index))
            console.print(table)
    style = "bold red" if failed(outcomes) else "bold green"
    console.print(Text(_summary(outcomes, seconds), style=style))


def print_plain(outcomes: Sequence[Outcome], seconds: float) -> None:
    for o in outcomes:
        print(_headline(o).plain.rstrip())
        for _style, text in _details(o):
            print(f"    {text}")
        for index, change in enumerate(o.changes):
            flag = "!!" if change.breaking else "+ "
            usage = _usage_text(o, index)
            print(
                f"    {flag} {change.label}: {change.description}" + (f" (used in {usage})" if usage else "")
            )
    print(_summary(outcomes, seconds))


def markdown(outcomes: Sequence[Outcome]) -> str:
    """The change report as Markdown, for a pull-request description."""
    base = outcomes[0].base if outcomes else "generated/ before this run"
    lines = ["# Generated client changes", "", f"Compared with {base}.", ""]
    changed = [o for o in outcomes if o.changes or o.problems or o.misfits or o.status is Status.REMOVED]
    changed = [o for o in changed if o.kind == "service"]
    if not changed:
        lines.append("No change to any generated API surface.")
    for o in changed:
        breaking = sum(c.breaking for c in o.changes)
        # whether this run rebuilt the package is not part of the report: it must not change it
        state = "" if o.status in (Status.REGENERATED, Status.UNCHANGED) else f"{o.status.value}, "
        lines += [f"## `{o.service}_api` ({state}{breaking} breaking)", ""]
        for problem in o.problems:
            lines.append(f"- **error**: {problem}")
        for misfit in o.misfits:
            lines.append(f"- **breaks hand-written code**: `{misfit.where}`: {misfit.message}")
        if o.problems or o.misfits:
            lines.append("")
        if o.changes:
            lines += ["| | change | symbol | used in `extensions/` |", "|---|---|---|---|"]
            for index, change in enumerate(o.changes):
                flag = "**breaking**" if change.breaking else "added" if "added" in change.description else ""
                usage = _usage_text(o, index).replace("|", "\\|") or ""
                lines.append(f"| {flag} | {change.description} | `{change.label}` | {usage} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def write_markdown(path: Path, outcomes: Sequence[Outcome]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(markdown(outcomes), encoding="utf-8")
