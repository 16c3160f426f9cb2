"""Command line of the pipeline: ``python -m scripts.generate [--check] [--report FILE]``.

Exit codes: 0 success, 1 a service failed, is stale (``--check``), breaks hand-written code or
(with ``--fail-on-breaking``) changes its API incompatibly, 2 bad usage or layout.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAST_REPORT = Path(".cache") / "generate" / "changes.md"  # beside generated/, ignored by git


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="make generate", description=__doc__)
    parser.add_argument("--check", action="store_true", help="compare generated/ with what specs/ produce")
    parser.add_argument(
        "--force", action="store_true", help="regenerate every service, discarding hand edits in generated/"
    )
    parser.add_argument("--report", type=Path, metavar="FILE", help="also write the change report here")
    parser.add_argument(
        "--base", default="HEAD", metavar="REV", help="git revision the change report compares with (HEAD)"
    )
    parser.add_argument(
        "--allow-breaking", action="store_true", help="swap in packages even if hand-written code breaks"
    )
    parser.add_argument(
        "--fail-on-breaking", action="store_true", help="exit 1 on any breaking change (for pull requests)"
    )
    parser.add_argument("--plain", action="store_true", help="one line per change even on a terminal")
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
    from scripts.report import breaking_count, failed, print_outcomes, write_markdown
    from scripts.services import ServiceConfigError

    console = Console(stderr=False, highlight=False)
    options = Options(
        args.specs,
        args.out,
        args.extensions,
        check=args.check,
        force=args.force,
        jobs=max(1, args.jobs),
        allow_breaking=args.allow_breaking,
        base=args.base,
    )
    try:
        if console.is_terminal:
            with console.status("regenerating...") as status:
                outcomes = run(options, on_progress=lambda text: status.update(text))
        else:
            outcomes = run(options)
    except (ServiceConfigError, OSError) as exc:
        console.print(f"[bold red]error:[/] {exc}")
        return 2
    print_outcomes(
        console, outcomes, time.perf_counter() - started, plain=args.plain or not console.is_terminal
    )
    if not args.check:
        last = args.out.parent / LAST_REPORT
        write_markdown(last, outcomes)
        if args.report and args.report.resolve() != last.resolve():
            write_markdown(args.report, outcomes)
        print(f"change report written to {args.report or last}")
    if failed(outcomes):
        return 1
    if args.fail_on_breaking and breaking_count(outcomes):
        print(f"--fail-on-breaking: {breaking_count(outcomes)} breaking change(s) against {outcomes[0].base}")
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # piped into `head`: the reader is gone, so is anything left to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
