"""Command line of the pipeline: ``python -m scripts.generate [--check] [--report FILE]``.

Exit codes: 0 success, 1 a service failed (or is stale with ``--check``), 2 bad usage or layout.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="make generate", description=__doc__)
    parser.add_argument("--check", action="store_true", help="compare generated/ with what specs/ produce")
    parser.add_argument("--force", action="store_true", help="regenerate every service, changed or not")
    parser.add_argument("--report", type=Path, metavar="FILE", help="write the change report as Markdown")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="services built in parallel")
    parser.add_argument("--specs", type=Path, default=ROOT / "specs", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=ROOT / "generated", help=argparse.SUPPRESS)
    parser.add_argument("--extensions", type=Path, default=ROOT / "extensions", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    from rich.console import Console

    from scripts.pipeline import Options, run
    from scripts.report import failed, print_outcomes, write_markdown
    from scripts.services import ServiceConfigError

    console = Console(stderr=False, highlight=False)
    options = Options(args.specs, args.out, args.extensions, args.check, args.force, max(1, args.jobs))
    try:
        if console.is_terminal:
            with console.status("regenerating...") as status:
                outcomes = run(options, on_progress=lambda text: status.update(text))
        else:
            outcomes = run(options)
    except (ServiceConfigError, OSError) as exc:
        console.print(f"[bold red]error:[/] {exc}")
        return 2
    print_outcomes(console, outcomes, time.perf_counter() - started)
    if args.report:
        write_markdown(args.report, outcomes)
        console.print(f"change report written to {args.report}")
    return 1 if failed(outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
