"""A small, coloured report for the demos: a heading per service, a line per call and its result."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.pretty import Pretty
from rich.table import Table


class Report:
    def __init__(self, console: Console, service: str) -> None:
        self.console = console
        self.table = Table(
            show_header=True, header_style="bold cyan", expand=True, title=service, title_style="bold"
        )
        self.table.add_column("call", style="green", ratio=2)
        self.table.add_column("returned", ratio=3)

    def step(self, call: str, result: Any) -> Any:
        self.table.add_row(call, Pretty(result, max_length=6, max_string=80))
        return result

    def show(self) -> None:
        self.console.print(Panel(self.table, border_style="blue"))
