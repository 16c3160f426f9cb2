"""How the pipeline shows a path to people: relative to the working directory when inside it."""

from __future__ import annotations

from pathlib import Path


def shown(path: Path | str) -> str:
    """``path`` as typed at a prompt in the working directory; as given when it lies outside."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
