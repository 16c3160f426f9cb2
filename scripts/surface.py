"""The Python API surface of a generated package, read statically with ``ast``.

Operations are the ``sync_detailed`` functions under ``api/``; models are the classes under
``models/``. Only what a caller can depend on is recorded: names, parameters, fields, their
annotations and whether they are required.
"""

from __future__ import annotations

import ast
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs


@attrs.frozen
class Member:
    """A parameter of an operation or a field of a model."""

    annotation: str
    required: bool


@attrs.frozen
class Surface:
    operations: dict[str, dict[str, Member]]
    models: dict[str, dict[str, Member]]

    @classmethod
    def empty(cls) -> Surface:
        return cls({}, {})


_ENUM_BASES = frozenset({"str", "int", "Enum", "StrEnum", "IntEnum"})


def _union_members(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _union_members(node.left) + _union_members(node.right)
    return [node]


def normalise(annotation: ast.expr, optional: bool = False) -> str:
    """An annotation as text, comparable across generator templates and runs.

    Union members are sorted (``None | str`` is ``str | None``). An optional member is recorded
    without its top-level ``None`` or ``Unset``: every optional field reads as ``None`` when absent
    (and under the generator's default templates as ``Unset``), which the ``required`` flag already
    says, so ``str | Unset`` before and ``str | None`` after is not a retype.
    """
    texts = {ast.unparse(m).strip("'\"") for m in _union_members(annotation)}
    parts = {"None" if text == "Unset" else text for text in texts}
    if optional and parts != {"None"}:
        parts.discard("None")
    return " | ".join(sorted(parts - {"None"}, key=str.lower) + (["None"] if "None" in parts else []))


def _is_classvar(annotation: ast.expr) -> bool:
    target = annotation.value if isinstance(annotation, ast.Subscript) else annotation
    return isinstance(target, ast.Name | ast.Attribute) and ast.unparse(target).endswith("ClassVar")


def _operation(tree: ast.Module) -> dict[str, Member] | None:
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "sync_detailed":
            args = node.args
            params: dict[str, Member] = {}
            positional = args.posonlyargs + args.args
            defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
            pairs = list(zip(positional, defaults, strict=True)) + list(
                zip(args.kwonlyargs, args.kw_defaults, strict=True)
            )
            for arg, default in pairs:
                if arg.arg == "client":
                    continue
                required = default is None
                annotation = normalise(arg.annotation, not required) if arg.annotation else "Any"
                params[arg.arg] = Member(annotation, required)
            return params
    return None


def _model_classes(tree: ast.Module) -> dict[str, dict[str, Member]]:
    models: dict[str, dict[str, Member]] = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        fields: dict[str, Member] = {}
        for item in node.body:
            if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                name = item.target.id
                if name.startswith("_") or name == "additional_properties" or _is_classvar(item.annotation):
                    continue
                required = item.value is None
                fields[name] = Member(normalise(item.annotation, not required), required)
            elif isinstance(item, ast.Assign) and any(
                (isinstance(base, ast.Name) and base.id in _ENUM_BASES)
                or (isinstance(base, ast.Attribute) and base.attr in _ENUM_BASES)
                for base in node.bases
            ):
                for target in item.targets:
                    if isinstance(target, ast.Name):
                        fields[target.id] = Member(ast.unparse(item.value), False)
        models[node.name] = fields
    return models


# What each module's text yields, by the hash of its bytes: a run reads the package it builds and
# the one it replaces, which share most modules, and parsing is what reading a surface costs.
_READ: dict[tuple[str, bytes], Any] = {}


def _read(path: Path, kind: str, extract: Callable[[ast.Module], Any]) -> Any:
    source = path.read_bytes()
    key = (kind, hashlib.sha256(source).digest())
    if key not in _READ:
        _READ[key] = extract(ast.parse(source))
    return _READ[key]


def read_surface(package_dir: Path) -> Surface:
    """The surface of ``package_dir``; an absent package has an empty surface."""
    surface = Surface.empty()
    if not package_dir.is_dir():
        return surface
    api = package_dir / "api"
    for path in sorted(api.rglob("*.py")) if api.is_dir() else []:
        if path.name == "__init__.py":
            continue
        params = _read(path, "operation", _operation)
        if params is not None:  # keyed by its import path under api/: moving tags breaks imports
            surface.operations[".".join(path.relative_to(api).with_suffix("").parts)] = dict(params)
    models = package_dir / "models"
    for path in sorted(models.glob("*.py")) if models.is_dir() else []:
        if path.name != "__init__.py":
            classes = _read(path, "models", _model_classes)
            surface.models.update((name, dict(fields)) for name, fields in classes.items())
    return surface
