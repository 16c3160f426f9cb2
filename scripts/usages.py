"""Find the hand-written code in extensions/ that uses a generated symbol, without importing it."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import attrs

from scripts.changes import Change, Kind
from scripts.display import shown


@attrs.frozen(order=True)
class Usage:
    path: Path
    line: int

    def __str__(self) -> str:
        return f"{shown(self.path)}:{self.line}"


@attrs.define
class _FileIndex:
    """The names one file imports from a generated package and the attributes/keywords it uses."""

    symbols: dict[str, list[int]] = attrs.field(factory=lambda: defaultdict(list))
    members: dict[str, list[int]] = attrs.field(factory=lambda: defaultdict(list))
    aliases: dict[str, str] = attrs.field(factory=dict)  # `import x as y`: y -> x


def _index(tree: ast.Module, package: str) -> _FileIndex:
    index = _FileIndex()
    for node in ast.walk(tree):  # aliases first: a name may be used above where it is imported
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == package:
            index.aliases.update({a.asname: a.name for a in node.names if a.asname})
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == package:
            for part in node.module.split(".")[1:]:
                index.symbols[part].append(node.lineno)
            for alias in node.names:
                index.symbols[alias.name].append(node.lineno)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == package:
                    for part in alias.name.split(".")[1:]:
                        index.symbols[part].append(node.lineno)
        elif isinstance(node, ast.Name):
            index.symbols[index.aliases.get(node.id, node.id)].append(node.lineno)
        elif isinstance(node, ast.Attribute):
            index.symbols[node.attr].append(node.lineno)
            index.members[node.attr].append(node.lineno)
        elif isinstance(node, ast.keyword) and node.arg:
            index.members[node.arg].append(node.value.lineno)
    return index


def find_usages(extensions_dir: Path, package: str, changes: list[Change]) -> dict[Change, list[Usage]]:
    """For each breaking change, the places in ``extensions_dir`` that use its symbol.

    Operations and their parameters: every line naming the operation (imports and calls), since a
    newly required parameter breaks the calls that do not pass it. Model fields: the lines that
    read or pass that field, in files that use the model.
    """
    breaking = [c for c in changes if c.breaking]
    found: dict[Change, list[Usage]] = {c: [] for c in breaking}
    if not breaking or not extensions_dir.is_dir():
        return found
    for path in sorted(extensions_dir.rglob("*.py")):
        if path.parent.name == "_sync" and (path.parent.parent / "_async" / path.name).exists():
            continue  # a generated twin: its async source is where the change must be made
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except SyntaxError:
            continue
        imports_package = any(
            (isinstance(n, ast.ImportFrom) and (n.module or "").split(".")[0] == package)
            or (isinstance(n, ast.Import) and any(a.name.split(".")[0] == package for a in n.names))
            for n in ast.walk(tree)
        )
        if not imports_package:
            continue
        index = _index(tree, package)
        for change in breaking:
            # an operation is known as "tag.name"; code refers to it by its module name
            symbol = change.symbol.rsplit(".", 1)[-1] if change.kind is not Kind.FIELD else change.symbol
            symbol_lines = index.symbols.get(symbol, [])
            if not symbol_lines:
                continue
            # an operation, or one of its parameters: every call site may break
            lines = index.members.get(change.member or "", []) if change.kind is Kind.FIELD else symbol_lines
            found[change].extend(Usage(path, line) for line in sorted(set(lines)))
    return found
