"""Replace a generated package by its staged successor with renames on one filesystem.

The old package is moved aside, the new one moved in, then the old one deleted. If the process
dies between the two renames, :func:`recover` restores the old package on the next run.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

ASIDE_PREFIX = ".old-"
STAGING_PREFIX = ".staging-"


def swap_in(staged: Path, target: Path) -> None:
    aside = target.parent / f"{ASIDE_PREFIX}{target.name}"
    if aside.exists():
        shutil.rmtree(aside)
    if target.exists():
        os.rename(target, aside)
    os.rename(staged, target)
    shutil.rmtree(aside, ignore_errors=True)


def remove(target: Path) -> None:
    aside = target.parent / f"{ASIDE_PREFIX}{target.name}"
    os.rename(target, aside)
    shutil.rmtree(aside)


def recover(out_dir: Path) -> list[str]:
    """Undo swaps and stagings that an interrupted run left behind; returns what it restored."""
    restored: list[str] = []
    if not out_dir.is_dir():
        return restored
    for path in sorted(out_dir.iterdir()):
        if path.name.startswith(STAGING_PREFIX):
            shutil.rmtree(path, ignore_errors=True)
        elif path.name.startswith(ASIDE_PREFIX):
            target = out_dir / path.name.removeprefix(ASIDE_PREFIX)
            if target.exists():
                shutil.rmtree(path)
            else:
                os.rename(path, target)
                restored.append(target.name)
    return restored
