"""Format staged packages with the pinned ruff, ignoring any project configuration."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from ruff.__main__ import find_ruff_bin


def ruff_version() -> str:
    from importlib.metadata import version

    return version("ruff")


def format_packages(paths: Sequence[Path]) -> None:
    """Sort imports and format, in two ruff calls for every package at once."""
    if not paths:
        return
    ruff = str(find_ruff_bin())
    common = ["--isolated", "--no-cache", "--quiet", "--target-version", "py311"]
    targets = [str(p) for p in paths]
    for args in (["check", "--fix-only", "--extend-select=I"], ["format"]):
        command = [ruff, *args, *common, *targets]  # our own pinned binary and staging paths
        done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
        if done.returncode != 0:
            sys.stderr.write(done.stderr)
            raise RuntimeError(f"ruff {args[0]} failed: {done.stderr.strip()[:500]}")
