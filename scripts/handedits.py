"""Name the files someone edited or added under ``generated/`` before a regeneration would lose them."""

from __future__ import annotations

from pathlib import Path

from scripts.manifest import Fingerprint, tree_files, tree_hash

DISCARD_HINT = (
    "move that code to extensions/clientsuite (it survives regeneration), "
    "or discard it with: make generate ARGS=--force"
)


def hand_edits(package_dir: Path, recorded: Fingerprint | None) -> list[str]:
    """What differs from what the pipeline last wrote there; empty when nothing would be lost.

    A package with no record, a missing package and deleted files lose nothing when regenerated.
    """
    if recorded is None or recorded.tree is None or not package_dir.is_dir():
        return []
    if tree_hash(package_dir) == recorded.tree:
        return []
    if recorded.files is None:
        return [f"{package_dir.name}/ differs from what the pipeline wrote (the manifest lists no files)"]
    found: list[str] = []
    for name, digest in tree_files(package_dir).items():
        before = recorded.files.get(name)
        if before is None:
            found.append(f"{package_dir.name}/{name} was added by hand")
        elif before != digest:
            found.append(f"{package_dir.name}/{name} was edited by hand")
    return found
