"""After a service regenerates, check that the hand-written code still fits the new package.

Two checks, each in a fresh interpreter so the new package is what gets loaded: import every
module of ``extensions/`` that uses the package, then type-check those modules with mypy (when it
is installed). mypy errors that the old package produced too are not the regeneration's fault and
are left out, so a user's own pre-existing type errors never block a regeneration.

The two complement each other: mypy finds a module the new package no longer has in the old
``generated/`` further down its search path, but the import check cannot miss it; mypy finds what
an import cannot (a renamed field, a parameter that became required).
"""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import attrs

from scripts.display import shown

_IMPORT_ALL = """
import importlib, json, sys, traceback
sys.path[:0] = json.loads(sys.argv[1])
root = sys.argv[2]
failures = []
for name in json.loads(sys.argv[3]):
    try:
        importlib.import_module(name)
    except BaseException as exc:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith(root)]
        where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else name
        failures.append([where, f"{type(exc).__name__}: {exc}"])
print(json.dumps(failures))
"""
_MYPY_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+): error: (?P<message>.*)$")


def _relative(where: str) -> str:
    """``file:line`` relative to the working directory when inside it, as the usages are printed."""
    path, _, line = where.rpartition(":")
    return f"{shown(path)}:{line}" if line.isdigit() else where


@attrs.frozen(order=True)
class Misfit:
    """One place in hand-written code that the new package breaks."""

    where: str = attrs.field(converter=_relative)  # file:line
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def dependents(extensions_dir: Path, package: str) -> list[Path]:
    """The modules of ``extensions_dir`` that import ``package`` (read with ``ast``, not imported)."""
    found: list[Path] = []
    for path in sorted(extensions_dir.rglob("*.py")) if extensions_dir.is_dir() else []:
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (SyntaxError, UnicodeDecodeError):
            continue
        for node in ast.walk(tree):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            names += [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if any(name.split(".")[0] == package for name in names):
                found.append(path)
                break
    return found


def _module_name(path: Path, extensions_dir: Path) -> str:
    parts = list(path.relative_to(extensions_dir).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _import_check(files: Sequence[Path], search: Sequence[Path], extensions_dir: Path) -> list[Misfit]:
    names = [_module_name(p, extensions_dir) for p in files]
    args = [json.dumps([str(p) for p in search]), str(extensions_dir.resolve()), json.dumps(names)]
    command = [sys.executable, "-c", _IMPORT_ALL, *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)  # noqa: S603
    if done.returncode != 0:
        return [Misfit(str(extensions_dir), f"the import check crashed: {done.stderr.strip()[-300:]}")]
    staged = str(search[0].resolve()) if search else ""
    return [
        Misfit(where, _twin_hint(where, message.replace(staged, "<new package>") if staged else message))
        for where, message in json.loads(done.stdout)
    ]


def _twin_hint(where: str, message: str) -> str:
    """A misfit in a generated sync twin is fixed in its async source: say which."""
    path = Path(where.rpartition(":")[0])
    source = path.parent.parent / "_async" / path.name
    if path.parent.name == "_sync" and source.exists():
        return f"{message} (a generated twin: fix {source.parent.name}/{source.name}, then make generate)"
    return message


def _mypy(files: Sequence[Path], search: Sequence[Path], cache: Path) -> set[Misfit]:
    env = dict(os.environ, MYPYPATH=os.pathsep.join(str(p) for p in search))
    command = [sys.executable, "-m", "mypy", "--check-untyped-defs", "--follow-imports=silent"]
    command += ["--no-error-summary", "--show-absolute-path", "--hide-error-context", "--no-pretty"]
    command += ["--explicit-package-bases", "--cache-dir", str(cache), *map(str, files)]
    with tempfile.TemporaryDirectory() as cwd:  # no project config: the same rules in any workspace
        done = subprocess.run(  # noqa: S603
            command, capture_output=True, text=True, timeout=600, check=False, cwd=cwd, env=env
        )
    found: set[Misfit] = set()
    for line in done.stdout.splitlines():
        match = _MYPY_LINE.match(line)
        if match:
            found.add(Misfit(f"{match['file']}:{match['line']}", match["message"]))
    return found


def check_fit(
    files: Sequence[Path], staged_root: Path, out_dir: Path, extensions_dir: Path, cache: Path
) -> tuple[list[Misfit], bool]:
    """The misfits of ``files`` against the staged packages, and whether mypy took part."""
    if not files:
        return [], False
    new_search = [staged_root, extensions_dir, out_dir]
    misfits = set(_import_check(files, new_search, extensions_dir))
    typed = importlib.util.find_spec("mypy") is not None
    if typed:
        cache.mkdir(parents=True, exist_ok=True)
        after = _mypy(files, new_search, cache)
        if after:
            after -= _mypy(files, [extensions_dir, out_dir], cache)
        misfits |= after
    return sorted(misfits), typed
