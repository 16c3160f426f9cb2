"""The worker of the pipeline: validate one spec and generate it into a staging folder.

Runs in a forked process, in parallel with the other services; never raises, so one service's
failure (an invalid spec, a generator crash) is reported without taking the run down.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from scripts.services import Service
from scripts.surface import Surface, read_surface

if TYPE_CHECKING:
    from scripts.build import DroppedItem
    from scripts.validation import SpecProblem


@attrs.frozen
class Built:
    service: str
    staged: Path | None
    seconds: float
    problems: tuple[str, ...]
    dropped: tuple[DroppedItem, ...]
    warnings: tuple[str, ...] = ()
    # Read in the worker, in parallel: the surface is the same before and after formatting.
    old_surface: Surface = attrs.field(factory=Surface.empty)
    new_surface: Surface = attrs.field(factory=Surface.empty)


def validate_and_build(service: Service, staging: Path, validated: bool) -> Built:
    """Worker: validate the spec (unless these exact bytes already passed), then generate it.

    Never raises: every failure is reported in the result.
    """
    started = time.perf_counter()
    from scripts.build import build
    from scripts.examples import missing_examples
    from scripts.validation import load_spec, validate_spec

    warnings: tuple[str, ...] = ()

    def done(problems: tuple[str, ...], staged: Path | None = None, dropped: tuple[Any, ...] = ()) -> Built:
        surfaces = (
            (read_surface(staging.parent / service.package_name), read_surface(staged)) if staged else ()
        )
        seconds = time.perf_counter() - started
        return Built(service.name, staged, seconds, problems, dropped, warnings, *surfaces)

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
    return done((), result.staged, result.dropped)
