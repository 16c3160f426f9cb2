"""``make demo``: every service's offline demo, one after the other, in one coloured report."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.rule import Rule

from examples import demo_lumos, demo_metagov, demo_pluginlab, demo_pusher, demo_schematic

DEMOS = (demo_pluginlab, demo_schematic, demo_metagov, demo_lumos, demo_pusher)


def main() -> int:
    console = Console()
    console.print(Rule("[bold]clientsuite — five services, offline, no credentials"))
    for demo in DEMOS:
        demo.run(console)
    console.print("[bold green]All demos ran offline: nothing was sent over the network.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
