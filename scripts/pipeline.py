"""specs/ -> generated/: decide what to regenerate, build it in parallel, swap it in, report.

Heavy imports (the generator, the validator) happen only when a service must be built, so that
a run with nothing to do stays fast.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from enum import StrEnum
from pathlib import Path

import attrs

from scripts.changes import Change, diff
from scripts.fit import Misfit, check_fit, dependents
from scripts.handedits import DISCARD_HINT, hand_edits
from scripts.manifest import (
    MANIFEST_NAME,
    Fingerprint,
    Manifest,
    sha256_file,
    toolchain,
    toolchain_hash,
    tree_hash,
)
from scripts.services import Service, discover
from scripts.surface import Surface, read_surface
from scripts.swap import STAGING_PREFIX, recover, remove, swap_in
from scripts.usages import Usage, find_usages
from scripts.worker import Built, validate_and_build


class Status(StrEnum):
    UNCHANGED = "unchanged"
    REGENERATED = "regenerated"
    FRESH = "fresh"  # --check: what the spec produces is what is committed
    STALE = "stale"  # --check: it is not
    REMOVED = "removed"
    FAILED = "failed"
    BLOCKED = "blocked"  # regenerated code would break hand-written code: generated/ kept as it was


@attrs.define
class Outcome:
    """What happened to one service in this run."""

    service: str
    status: Status
    seconds: float = 0.0
    operations: int = 0
    models: int = 0
    problems: list[str] = attrs.field(factory=list)
    warnings: list[str] = attrs.field(factory=list)
    allowed_drops: list[str] = attrs.field(factory=list)
    changes: list[Change] = attrs.field(factory=list)  # against the report's baseline
    usages: dict[Change, list[Usage]] = attrs.field(factory=dict)
    misfits: list[Misfit] = attrs.field(factory=list)  # hand-written code the new package breaks
    kind: str = "service"  # or "twin": a facade's sync twin (``service`` is then its folder)
    # the surface this run's spec produces, when it was built (also when it was not swapped in);
    # None too when the build's files are those already in place: read them there if needed
    built_surface: Surface | None = attrs.field(default=None, repr=False)
    base: str = "generated/ before this run"  # what ``changes`` compares with


@attrs.frozen
class Options:
    specs_dir: Path
    out_dir: Path
    extensions_dir: Path
    check: bool = False
    force: bool = False
    jobs: int = max(1, os.cpu_count() or 1)
    allow_breaking: bool = False  # swap in a package even when it breaks hand-written code
    base: str | None = "HEAD"  # the git revision the change report compares with; None: this run only

    @property
    def cache_dir(self) -> Path:
        """Where the last report and the fit check's mypy cache live (ignored by git)."""
        return self.out_dir.parent / ".cache" / "generate"


def _executor(jobs: int, count: int) -> Executor | None:
    if jobs <= 1 or count <= 1:
        return None
    # fork: workers inherit the already-imported generator instead of importing it again
    return ProcessPoolExecutor(max_workers=min(jobs, count), mp_context=multiprocessing.get_context("fork"))


def _work(service: Service) -> int:
    """How long a service takes to build, roughly: the size of its spec."""
    return service.spec_path.stat().st_size


def _fingerprint(service: Service, tree: str | None) -> Fingerprint:
    spec_hash = sha256_file(service.spec_path)
    assert spec_hash is not None
    return Fingerprint(spec_hash, sha256_file(service.config_path), tree, toolchain_hash(toolchain()))


def _validated(service: Service, manifest: Manifest) -> bool:
    """Whether these exact spec bytes passed validation by this validator version before.

    Validation is a pure function of the two and costs more than generating, so a forced
    regeneration (say, after a generator upgrade) does not repeat it. Failed specs never enter
    the manifest, so they are always validated again.
    """
    recorded = manifest.services.get(service.name)
    same_validator = manifest.tools.get("validator") == toolchain().get("validator")
    return recorded is not None and same_validator and recorded.spec == sha256_file(service.spec_path)


def _is_current(service: Service, manifest: Manifest, tools: dict[str, str], out_dir: Path) -> bool:
    recorded = manifest.services.get(service.name)
    if recorded is None or manifest.tools != tools:
        return False
    if _fingerprint(service, recorded.tree) != recorded:
        return False
    return tree_hash(out_dir / service.package_name) == recorded.tree


def run(options: Options, on_progress: Callable[[str], None] | None = None) -> list[Outcome]:
    """Regenerate (or with ``check``, compare) every service; returns one outcome per service."""
    out_dir, progress = options.out_dir, on_progress or (lambda _text: None)
    out_dir.mkdir(parents=True, exist_ok=True)
    recover(out_dir)
    services = discover(options.specs_dir)
    tools = toolchain()
    manifest = Manifest.load(out_dir / MANIFEST_NAME)
    outcomes: dict[str, Outcome] = {}

    todo: list[Service] = []
    for service in services:
        if not options.force and not options.check and _is_current(service, manifest, tools, out_dir):
            recorded = manifest.services[service.name]
            if recorded.operations is None or recorded.models is None:
                surface = read_surface(out_dir / service.package_name)
                counts = (len(surface.operations), len(surface.models))
            else:
                counts = (recorded.operations, recorded.models)
            outcomes[service.name] = Outcome(
                service.name, Status.UNCHANGED, operations=counts[0], models=counts[1]
            )
            continue
        edits = (
            []
            if options.force
            else hand_edits(out_dir / service.package_name, manifest.services.get(service.name))
        )
        if edits and not options.check:  # refuse: regenerating would silently lose them
            outcomes[service.name] = Outcome(service.name, Status.FAILED, problems=[*edits, DISCARD_HINT])
            continue
        todo.append(service)

    # The sync twins do not depend on the services: they are derived while the workers build.
    twins = _Deferred(lambda: _twins(options, manifest, outcomes))
    if todo:
        _build_all(options, todo, manifest, outcomes, progress, meanwhile=twins)
    twins.finish()
    if options.check:
        for service in services:
            outcome = outcomes[service.name]
            if outcome.status is Status.STALE:
                edits = hand_edits(out_dir / service.package_name, manifest.services.get(service.name))
                fix = DISCARD_HINT if edits else "run `make generate` and commit generated/"
                outcome.problems += [*edits, fix]

    if not options.check:
        known = {s.name for s in services}
        for name in sorted(set(manifest.services) - known):
            target = out_dir / f"{name}_api"
            old = read_surface(target)
            if target.exists():
                remove(target)
            del manifest.services[name]
            changes = diff(old, Surface.empty())
            usages = find_usages(options.extensions_dir, f"{name}_api", changes)
            outcomes[name] = Outcome(name, Status.REMOVED, changes=changes, usages=usages)
        manifest.tools = tools
        manifest.save(out_dir / MANIFEST_NAME)
        if options.base is not None:
            from scripts.baseline import rebase

            base = rebase(list(outcomes.values()), out_dir, options.extensions_dir, options.base)
            for outcome in outcomes.values():
                outcome.base = base
    elif set(manifest.services) - {s.name for s in services}:
        for name in sorted(set(manifest.services) - {s.name for s in services}):
            outcomes[name] = Outcome(name, Status.STALE, problems=["generated package has no spec any more"])
    return [outcomes[name] for name in sorted(outcomes)]


class _Deferred:
    """Work run once, early or late; an exception it raises comes out of :meth:`finish` only."""

    def __init__(self, work: Callable[[], None]) -> None:
        self._work: Callable[[], None] | None = work
        self._error: Exception | None = None

    def run(self) -> None:
        work, self._work = self._work, None
        if work is not None:
            try:
                work()
            except Exception as exc:  # raised where the work would have run without overlap
                self._error = exc

    def finish(self) -> None:
        self.run()
        if self._error is not None:
            raise self._error


def _twins(options: Options, manifest: Manifest, outcomes: dict[str, Outcome]) -> None:
    """Derive (or check) every facade's sync twin; see :mod:`scripts.twins`."""
    from scripts.twins import sync_twins

    results, records = sync_twins(
        options.extensions_dir, manifest.twins, check=options.check, force=options.force
    )
    if not options.check:
        manifest.twins = records
    for twin in results:
        label = str(twin.target.relative_to(options.extensions_dir))
        outcome = Outcome(label, Status(twin.status), problems=list(twin.problems), kind="twin")
        outcome.operations = twin.files
        outcomes[f"~twin {label}"] = outcome


def _build_all(
    options: Options,
    todo: list[Service],
    manifest: Manifest,
    outcomes: dict[str, Outcome],
    progress: Callable[[str], None],
    meanwhile: _Deferred | None = None,
) -> None:
    """Build ``todo`` in the workers; ``meanwhile`` runs here while they do, if there are any."""
    # Import the heavy parts before forking so that every worker inherits them.
    import scripts.build
    import scripts.formatting  # noqa: F401

    if not all(_validated(s, manifest) for s in todo):
        from scripts.validation import import_validator

        import_validator()

    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=options.out_dir))
    try:
        executor = _executor(options.jobs, len(todo))
        built: list[Built] = []
        if executor is None:
            for service in todo:
                progress(f"generating {service.name}")
                recorded = manifest.services.get(service.name)
                built.append(validate_and_build(service, staging, _validated(service, manifest), recorded))
        else:
            with executor:
                # Largest spec first, so that no big service starts last while the other workers idle.
                futures = {
                    s.name: executor.submit(
                        validate_and_build, s, staging, _validated(s, manifest), manifest.services.get(s.name)
                    )
                    for s in sorted(todo, key=_work, reverse=True)
                }
                if meanwhile is not None:
                    meanwhile.run()
                for service in todo:  # results in the usual order, whatever finished first
                    progress(f"generating {service.name}")
                    built.append(futures[service.name].result())

        by_name = {s.name: s for s in todo}
        ready: list[Built] = []
        for item in built:
            service = by_name[item.service]
            outcome = Outcome(service.name, Status.FAILED, seconds=item.seconds, problems=list(item.problems))
            outcome.allowed_drops = [str(d) for d in item.dropped]
            outcome.warnings = list(item.warnings)
            outcomes[service.name] = outcome
            if not item.problems and item.staged is not None:
                ready.append(item)

        for item in ready:
            assert item.staged is not None
            service, staged = by_name[item.service], item.staged
            outcome = outcomes[item.service]
            target = options.out_dir / service.package_name
            outcome.operations, outcome.models = staged.operations, staged.models
            if options.check:
                outcome.status = Status.FRESH if staged.old_tree == staged.tree else Status.STALE
                continue
            if staged.surface is not None and staged.old_surface is not None:
                outcome.built_surface = staged.surface
                outcome.changes = diff(staged.old_surface, staged.surface)  # until the report's baseline
                outcome.usages = find_usages(options.extensions_dir, service.package_name, outcome.changes)
            if any(c.breaking for c in outcome.changes):
                progress(f"checking hand-written code against the new {service.package_name}")
                files = dependents(options.extensions_dir, service.package_name)
                outcome.misfits, _ = check_fit(
                    files, staging, options.out_dir, options.extensions_dir, options.cache_dir / "mypy"
                )
            if outcome.misfits and not options.allow_breaking:
                outcome.status = Status.BLOCKED
                continue
            if staged.old_tree != staged.tree:  # else the very same files are in place already
                swap_in(staged.path, target)
            manifest.services[service.name] = attrs.evolve(
                _fingerprint(service, staged.tree),
                files=staged.files,
                operations=outcome.operations,
                models=outcome.models,
            )
            outcome.status = Status.REGENERATED
    finally:
        shutil.rmtree(staging, ignore_errors=True)
