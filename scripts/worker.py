"""The worker of the pipeline: validate one spec, generate it into a staging folder, format it.

Runs in a forked process, in parallel with the other services; never raises, so one service's
failure (an invalid spec, a generator crash) is reported without taking the run down. Each worker
formats and hashes its own packages, so ruff runs beside the generation of the others.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from scripts.manifest import Fingerprint, tree_hash, tree_summary
from scripts.services import Service
from scripts.surface import Surface, read_surface

if TYPE_CHECKING:
    from scripts.build import DroppedItem
    from scripts.validation import SpecProblem


@attrs.frozen
class Staged:
    """A generated and formatted package in the staging folder, beside the package it replaces."""

    path: Path
    tree: str  # its hash, as the manifest records it
    files: dict[str, str]  # its files and their short hashes
    old_tree: str | None  # None: there is no package to replace
    operations: int
    models: int
    # Both None when the package's files are those already in place, as the manifest records
    # them (its counts with them): nothing in the surface can have changed, so none is read.
    surface: Surface | None
    old_surface: Surface | None  # read only when the files differ: identical files have one surface


@attrs.frozen
class Built:
    service: str
    staged: Staged | None
    seconds: float
    problems: tuple[str, ...]
    dropped: tuple[DroppedItem, ...]
    warnings: tuple[str, ...] = ()


def _recorded_counts(recorded: Fingerprint | None, tree: str) -> tuple[int, int] | None:
    """The manifest's operation and model counts, if it recorded them for exactly these files."""
    if recorded is None or recorded.tree != tree or recorded.operations is None or recorded.models is None:
        return None
    return recorded.operations, recorded.models


def _finish(package: Path, target: Path, recorded: Fingerprint | None) -> Staged:
    """Format ``package``, hash it and read its surface and that of ``target``, which it replaces.

    Raises ``RuntimeError`` when ruff fails.
    """
    from scripts import formatting

    formatting.format_packages([package])
    (tree, files), old_tree = tree_summary(package), tree_hash(target)
    assert tree is not None
    known = _recorded_counts(recorded, tree)
    if old_tree == tree and known is not None:
        return Staged(package, tree, files, old_tree, *known, None, None)
    surface = read_surface(package)
    old_surface = surface if old_tree == tree else read_surface(target)
    counts = len(surface.operations), len(surface.models)
    return Staged(package, tree, files, old_tree, *counts, surface, old_surface)


def validate_and_build(
    service: Service, staging: Path, validated: bool, recorded: Fingerprint | None = None
) -> Built:
    """Worker: validate the spec (unless these exact bytes already passed), generate and format it.

    ``recorded`` is what the manifest says of the package in place, if anything.

    Never raises: every failure is reported in the result.
    """
    started = time.perf_counter()
    from scripts.build import build
    from scripts.examples import missing_examples
    from scripts.validation import load_spec, validate_spec

    warnings: tuple[str, ...] = ()

    def done(problems: tuple[str, ...], staged: Staged | None = None, dropped: tuple[Any, ...] = ()) -> Built:
        seconds = time.perf_counter() - started
        return Built(service.name, staged, seconds, problems, dropped, warnings)

    problems: list[SpecProblem] = []
    try:
        if validated:
            spec: dict[str, Any] | None = load_spec(service.spec_path)
        else:
            spec, problems = validate_spec(service.spec_path)
    except Exception as exc:  # the validator's own crash is this spec's failure, not the run's
        return done((f"{service.spec_path}: validator crashed: {exc!r}",))
    if problems or spec is None:
        return done(tuple(map(str, problems)))
    gaps = tuple(
        f"{service.spec_path}: {gap} (offline mode would answer 501)" for gap in missing_examples(spec)
    )
    if gaps and service.missing_examples == "error":
        return done(gaps)
    warnings = gaps
    try:
        result = build(service, spec, staging)
    except Exception as exc:  # the generator's own crash must not take the other services down
        return done((f"generator crashed: {exc!r}",))
    if result.error:
        return done((f"{service.spec_path}: generator: {result.error}",))
    blocking = [d for d in result.dropped if not d.matches(service.allow_dropped)]
    if blocking:
        return done(tuple(f"{service.spec_path}: dropped by the generator: {d}" for d in blocking))
    assert result.staged is not None
    try:
        staged = _finish(result.staged, staging.parent / service.package_name, recorded)
    except RuntimeError as exc:  # ruff failed: nothing of this service is swapped in
        return done((str(exc),))
    return done((), staged, result.dropped)
