"""The committed API surface of each generated package, read from git, as the change report's baseline.

Comparing with a git revision (``HEAD`` unless ``--base`` says otherwise) instead of with whatever was
on disk before this run makes the report reproducible: it is the same on the run that regenerated
and on every run after it, until the change is committed.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from scripts.surface import Surface, read_surface

if TYPE_CHECKING:
    from scripts.pipeline import Outcome


class BaselineError(RuntimeError):
    """The revision cannot be read (no git, not a repository, unknown revision)."""


def _git(cwd: Path, *args: str) -> bytes:
    try:
        command = ["git", *args]  # the user's own git, on PATH as for any git command
        done = subprocess.run(command, cwd=cwd, capture_output=True, check=False, timeout=60)  # noqa: S603
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BaselineError(f"git is not available: {exc}") from None
    if done.returncode != 0:
        raise BaselineError(done.stderr.decode(errors="replace").strip() or f"git {args[0]} failed")
    return done.stdout


@attrs.frozen
class Baseline:
    """Where ``out_dir`` sits in its repository, and the revision it is compared with."""

    root: Path
    prefix: str  # out_dir relative to the repository root, with a trailing slash
    rev: str

    @classmethod
    def locate(cls, out_dir: Path, rev: str) -> Baseline:
        top = Path(_git(out_dir, "rev-parse", "--show-toplevel").decode().strip())
        _git(top, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
        prefix = out_dir.resolve().relative_to(top.resolve()).as_posix()
        return cls(top, "" if prefix == "." else prefix + "/", rev)

    def changed_packages(self) -> set[str]:
        """The packages whose files differ from the revision (tracked or not): only those can differ."""
        tracked = _git(self.root, "diff", "--name-only", "--no-renames", self.rev, "--", self.prefix or ".")
        untracked = _git(self.root, "ls-files", "--others", "--exclude-standard", "--", self.prefix or ".")
        names = (tracked + b"\n" + untracked).decode().splitlines()
        return {n[len(self.prefix) :].split("/", 1)[0] for n in names if n.startswith(self.prefix) and n}

    def packages(self) -> set[str]:
        """The folders directly under ``out_dir`` at the revision."""
        listed = _git(self.root, "ls-tree", "--name-only", self.rev, "--", self.prefix or ".")
        return {name[len(self.prefix) :] for name in listed.decode().splitlines()}

    def surface(self, package: str) -> Surface:
        """The package's surface at the revision; an empty surface when it did not exist there."""
        path = f"{self.prefix}{package}"
        listed = _git(self.root, "ls-tree", "--name-only", self.rev, "--", path).decode().strip()
        if not listed:
            return Surface.empty()
        archive = _git(self.root, "archive", "--format=tar", self.rev, "--", path)
        with tempfile.TemporaryDirectory() as tmp, tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
            return read_surface(Path(tmp) / path)


def rebase(outcomes: Sequence[Outcome], out_dir: Path, extensions_dir: Path, rev: str) -> str:
    """Replace each outcome's changes by the changes against ``rev``; returns what was compared with.

    Without a usable revision (no git, not a repository, no commit yet) the changes stay those of
    this run (generated/ before and after), and the returned text says so.
    """
    from scripts.changes import diff
    from scripts.usages import find_usages

    try:
        baseline = Baseline.locate(out_dir, rev)
        changed = baseline.changed_packages()
        # a tracked package that git finds unchanged is the revision's, file for file
        same = baseline.packages() - changed
    except BaselineError as exc:
        return f"generated/ before this run (no git baseline: {exc})"
    for outcome in outcomes:
        if outcome.kind != "service":
            continue
        package = f"{outcome.service}_api"
        if package in same and outcome.status in ("regenerated", "unchanged"):
            outcome.changes, outcome.usages = [], {}  # what this run left there is the revision's
            continue
        if outcome.status == "removed":
            new = Surface.empty()
        elif outcome.built_surface is not None:
            new = outcome.built_surface
        elif package in changed and outcome.status != "failed":
            new = read_surface(out_dir / package)
        else:
            outcome.changes, outcome.usages = [], {}
            continue
        outcome.changes = diff(baseline.surface(package), new)
        outcome.usages = find_usages(extensions_dir, package, outcome.changes)
    return f"git {rev}"
