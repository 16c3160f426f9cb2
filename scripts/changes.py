"""Compare two API surfaces and say what changed, marking what breaks callers."""

from __future__ import annotations

import ast
from enum import StrEnum

import attrs

from scripts.surface import Member, Surface


class Kind(StrEnum):
    OPERATION = "operation"
    PARAMETER = "parameter"
    MODEL = "model"
    FIELD = "field"


@attrs.frozen(order=True)
class Change:
    """One difference; ``symbol`` is the operation or model, ``member`` its parameter or field."""

    kind: Kind
    symbol: str
    member: str | None
    description: str
    breaking: bool

    @property
    def label(self) -> str:
        return f"{self.symbol}.{self.member}" if self.member else self.symbol


def _without_unset(annotation: str) -> str:
    """The annotation without a top-level ``Unset``: optionality is reported on its own."""
    try:
        node = ast.parse(annotation, mode="eval").body
    except SyntaxError:
        return annotation
    parts: list[ast.expr] = []

    def flatten(expr: ast.expr) -> None:
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.BitOr):
            flatten(expr.left)
            flatten(expr.right)
        else:
            parts.append(expr)

    flatten(node)
    kept = [ast.unparse(p) for p in parts if not (isinstance(p, ast.Name) and p.id == "Unset")]
    return " | ".join(kept) if kept else annotation


def _members(kind: Kind, symbol: str, old: dict[str, Member], new: dict[str, Member]) -> list[Change]:
    changes: list[Change] = []
    for name in sorted(old.keys() - new.keys()):
        changes.append(Change(kind, symbol, name, f"{kind} removed", True))
    for name in sorted(new.keys() - old.keys()):
        required = new[name].required
        text = f"{kind} added" + (" (required)" if required else "")
        changes.append(Change(kind, symbol, name, text, required))
    for name in sorted(old.keys() & new.keys()):
        before, after = old[name], new[name]
        if _without_unset(before.annotation) != _without_unset(after.annotation):
            text = f"{kind} retyped: {before.annotation} -> {after.annotation}"
            changes.append(Change(kind, symbol, name, text, True))
        if after.required and not before.required:
            changes.append(Change(kind, symbol, name, f"{kind} became required", True))
        elif before.required and not after.required:
            changes.append(Change(kind, symbol, name, f"{kind} became optional", False))
    return changes


def diff(old: Surface, new: Surface) -> list[Change]:
    """Every change from ``old`` to ``new``, breaking ones first."""
    changes: list[Change] = []
    for kind, member_kind, before, after in (
        (Kind.OPERATION, Kind.PARAMETER, old.operations, new.operations),
        (Kind.MODEL, Kind.FIELD, old.models, new.models),
    ):
        changes += [
            Change(kind, name, None, f"{kind} removed", True) for name in sorted(before.keys() - after)
        ]
        changes += [
            Change(kind, name, None, f"{kind} added", False) for name in sorted(after.keys() - before)
        ]
        for name in sorted(before.keys() & after.keys()):
            changes += _members(member_kind, name, before[name], after[name])
    return sorted(changes, key=lambda c: (not c.breaking, c.kind, c.symbol, c.member or ""))
