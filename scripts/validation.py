"""Validate a spec with openapi-spec-validator before anything is generated from it.

The validator's import costs more than parsing a spec, so it happens only when a spec is
validated: a forced regeneration of specs that passed before only parses them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs
import yaml

from scripts.display import shown

# libyaml's safe loader when PyYAML was built with it: the same documents, several times faster
_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@attrs.frozen
class SpecProblem:
    """One reason a spec is invalid, located by a JSON pointer into the document."""

    file: Path
    pointer: str
    reason: str

    def __str__(self) -> str:
        return f"{shown(self.file)}: {self.pointer or '/'}: {self.reason}"


def json_pointer(parts: Iterable[Any]) -> str:
    """RFC 6901 pointer for a path of keys and indexes."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _reason(message: str) -> str:
    """The validator's message without the whole document it sometimes appends."""
    message = message.split(" within {", 1)[0].strip()
    return message if len(message) <= 300 else message[:297] + "..."


def _pointer_target(spec: Any, ref: str) -> bool:
    node = spec
    for part in ref.removeprefix("#").split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return False
    return True


def unresolvable_refs(path: Path, spec: dict[str, Any]) -> list[SpecProblem]:
    """Each ``$ref`` whose target is missing, located at the reference itself (the validator says ``/``)."""
    problems: list[SpecProblem] = []
    stack: list[tuple[tuple[Any, ...], Any]] = [((), spec)]
    while stack:
        where, node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                document, _, fragment = ref.partition("#")
                target = path.parent / document if document else None
                if target is not None and not target.is_file():
                    reason = f"unresolvable reference {ref!r}: no file {document!r} beside the spec"
                    problems.append(SpecProblem(path, json_pointer((*where, "$ref")), reason))
                elif target is None and not _pointer_target(spec, "#" + fragment):
                    reason = f"unresolvable reference {ref!r}: nothing at {fragment or '/'} in this document"
                    problems.append(SpecProblem(path, json_pointer((*where, "$ref")), reason))
            stack.extend(((*where, key), value) for key, value in node.items())
        elif isinstance(node, list):
            stack.extend(((*where, index), value) for index, value in enumerate(node))
    return sorted(problems, key=lambda p: p.pointer)


def load_spec(path: Path) -> dict[str, Any]:
    """Parse a YAML or JSON spec; a syntax error becomes a :class:`SpecProblem`-shaped ValueError."""
    text = path.read_text(encoding="utf-8")
    data = json.loads(text) if path.suffix == ".json" else yaml.load(text, _SAFE_LOADER)  # noqa: S506 (safe)
    if not isinstance(data, dict):
        raise ValueError("the document is not a mapping")
    return data


def import_validator() -> None:
    """Import the validator now: before forking, so that every worker inherits it."""
    import jsonschema_path  # noqa: F401
    import openapi_spec_validator.shortcuts  # noqa: F401


def validate_spec(path: Path) -> tuple[dict[str, Any] | None, list[SpecProblem]]:
    """The parsed spec and every problem found; the spec is ``None`` when it could not be parsed."""
    try:
        spec = load_spec(path)
    except (ValueError, yaml.YAMLError) as exc:
        return None, [SpecProblem(path, "", f"cannot parse: {exc}")]
    broken = unresolvable_refs(path, spec)
    if broken:  # the validator would stop at the first one, and report it at "/"
        return spec, broken
    from jsonschema_path import SchemaPath
    from openapi_spec_validator.shortcuts import get_validator_cls
    from openapi_spec_validator.validation.exceptions import ValidatorDetectError

    try:
        validator_cls = get_validator_cls(spec)
    except ValidatorDetectError:
        return spec, [SpecProblem(path, "/openapi", "no supported 'openapi' or 'swagger' version field")]
    from referencing.exceptions import Unresolvable

    validator = validator_cls(SchemaPath.from_dict(spec))
    try:
        problems = [
            SpecProblem(path, json_pointer(error.absolute_path), _reason(error.message))
            for error in validator.iter_errors()
        ]
    except Unresolvable as exc:
        return spec, [SpecProblem(path, "", f"unresolvable reference {getattr(exc, 'ref', exc)!s}")]
    return spec, sorted(problems, key=lambda p: (p.pointer, p.reason))
