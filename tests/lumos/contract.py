"""Compare two OpenAPI specs of the Lumos Connector API, capability by capability.

For every capability, the request body and the success response are walked side by side through
``$ref``s, ``allOf``s and nullable unions; each property name, type, required list, enum value and
nullability that differs becomes one line such as
``list_accounts.response:response[].user_status: enum only in theirs: DEPROVISIONED``.
The lines are what ``specs/lumos.config.yaml``'s allowlist matches (fnmatch patterns).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

Schema = Mapping[str, Any]


def _capability_ops(spec: Schema) -> dict[str, Schema]:
    found = {}
    for item in (spec.get("paths") or {}).values():
        operation = item.get("post")
        if operation and operation.get("operationId"):
            found[operation["operationId"]] = operation
    return found


def _request_schema(operation: Schema) -> Schema | None:
    body = operation.get("requestBody")
    if not body:
        return None
    return body["content"]["application/json"]["schema"]


def _success_schema(operation: Schema) -> Schema:
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    alternatives = schema.get("anyOf")
    if alternatives:  # connector-py documents ``anyOf: [<Result>, ErrorResponse]``
        return next(a for a in alternatives if not str(a.get("$ref", "")).endswith("/ErrorResponse"))
    return schema


@attrs.frozen
class Node:
    """A schema with refs resolved and allOfs merged, nullability split off."""

    kind: str  # object, array, string, integer, number, boolean, any, union
    nullable: bool
    schema: Schema
    ref: str | None


class Walker:
    def __init__(self, spec: Schema) -> None:
        self.schemas = (spec.get("components") or {}).get("schemas") or {}

    def resolve(self, schema: Schema) -> tuple[Schema, str | None]:
        ref = None
        while "$ref" in schema:
            ref = schema["$ref"].rsplit("/", 1)[1]
            schema = self.schemas[ref]
        return schema, ref

    def node(self, schema: Schema) -> Node:
        schema, ref = self.resolve(schema)
        nullable = bool(schema.get("nullable"))
        if "allOf" in schema:
            schema, ref = self._merge(schema, ref)
        alternatives = schema.get("anyOf") or schema.get("oneOf")
        if alternatives:
            rest = [a for a in alternatives if a.get("type") != "null"]
            nullable = nullable or len(rest) < len(alternatives)
            if len(rest) == 1:
                inner = self.node(rest[0])
                return attrs.evolve(inner, nullable=nullable or inner.nullable)
            return Node("union", nullable, {"anyOf": rest}, ref)
        kind = schema.get("type")
        if isinstance(kind, list):
            nullable = nullable or "null" in kind
            kinds = [k for k in kind if k != "null"]
            kind = kinds[0] if len(kinds) == 1 else "union"
        if kind is None:
            kind = "object" if "properties" in schema else "any"
        return Node(kind, nullable, schema, ref)

    def _merge(self, schema: Schema, ref: str | None) -> tuple[Schema, str | None]:
        parts = [self.resolve(part) for part in schema["allOf"]]
        own = {k: v for k, v in schema.items() if k != "allOf"}
        if len(parts) == 1 and "properties" not in own:  # ``allOf: [$ref]``: the referenced schema itself
            part, part_ref = parts[0]
            if "allOf" in part:
                part, part_ref = self._merge(part, part_ref)
            merged = {**part, **{k: v for k, v in own.items() if k not in ("type", "description")}}
            return merged, ref or part_ref
        properties = dict(own.get("properties") or {})
        required = list(own.get("required") or [])
        for part, part_ref in parts:
            if "allOf" in part:
                part, _ = self._merge(part, part_ref)
            properties.update(part.get("properties") or {})
            required += [r for r in part.get("required") or [] if r not in required]
        own.update({"type": "object", "properties": properties, "required": required})
        return own, ref


@attrs.define
class Comparison:
    ours: Walker
    theirs: Walker
    differences: list[str] = attrs.field(factory=list)
    _seen: set[tuple[str, str]] = attrs.field(factory=set)

    def add(self, where: str, what: str) -> None:
        self.differences.append(f"{where}: {what}")

    def compare(self, where: str, ours: Schema, theirs: Schema, optional: bool = False) -> None:
        a, b = self.ours.node(ours), self.theirs.node(theirs)
        if a.nullable != b.nullable:
            side = "ours" if a.nullable else "theirs"
            self.add(where, f"null accepted only in {side}{' (optional)' if optional else ''}")
        if a.ref and b.ref:
            if (a.ref, b.ref) in self._seen:
                return
            self._seen.add((a.ref, b.ref))
        if a.kind != b.kind:
            self.add(where, f"type {a.kind} here, {b.kind} in theirs")
            return
        self._enums(where, a.schema.get("enum"), b.schema.get("enum"))
        if a.kind == "array":
            self.compare(f"{where}[]", a.schema.get("items") or {}, b.schema.get("items") or {})
        elif a.kind == "object":
            self._object(where, a.schema, b.schema)
        elif a.kind == "union":
            left, right = a.schema["anyOf"], b.schema["anyOf"]
            if len(left) != len(right):
                self.add(where, f"{len(left)} alternatives here, {len(right)} in theirs")
            for n, (x, y) in enumerate(zip(left, right, strict=False)):
                self.compare(f"{where}|{n}", x, y)

    def _enums(self, where: str, ours: Iterable[Any] | None, theirs: Iterable[Any] | None) -> None:
        if ours is None and theirs is None:
            return
        left, right = set(ours or []), set(theirs or [])
        if only := sorted(map(str, left - right)):
            self.add(where, f"enum only here: {', '.join(only)}")
        if only := sorted(map(str, right - left)):
            self.add(where, f"enum only in theirs: {', '.join(only)}")

    def _object(self, where: str, ours: Schema, theirs: Schema) -> None:
        left, right = ours.get("properties") or {}, theirs.get("properties") or {}
        for name in sorted(set(left) - set(right)):
            self.add(f"{where}.{name}", "property only here")
        for name in sorted(set(right) - set(left)):
            self.add(f"{where}.{name}", "property only in theirs")
        need_l, need_r = set(ours.get("required") or []), set(theirs.get("required") or [])
        for name in sorted(need_l - need_r):
            self.add(f"{where}.{name}", "required only here")
        for name in sorted(need_r - need_l):
            self.add(f"{where}.{name}", "required only in theirs")
        for name in sorted(set(left) & set(right)):
            optional = name not in need_l and name not in need_r
            self.compare(f"{where}.{name}", left[name], right[name], optional)
        extra_l, extra_r = ours.get("additionalProperties"), theirs.get("additionalProperties")
        if isinstance(extra_l, Mapping) and isinstance(extra_r, Mapping):
            self.compare(f"{where}{{}}", extra_l, extra_r)
        elif _free(extra_l) != _free(extra_r) and not (left or right):
            self.add(f"{where}{{}}", "free-form only " + ("here" if _free(extra_l) else "in theirs"))


def _free(extra: Any) -> bool:
    """``additionalProperties: true`` and ``additionalProperties: {}`` both allow any key."""
    return extra is True or isinstance(extra, Mapping)


def differences(ours: Schema, theirs: Schema, capabilities: Iterable[str]) -> list[str]:
    """Every difference between the two specs for these capabilities, plus the error envelope."""
    comparison = Comparison(Walker(ours), Walker(theirs))
    our_ops, their_ops = _capability_ops(ours), _capability_ops(theirs)
    for name in capabilities:
        if name not in their_ops or name not in our_ops:
            comparison.add(name, "capability only " + ("here" if name in our_ops else "in theirs"))
            continue
        mine, other = _request_schema(our_ops[name]), _request_schema(their_ops[name])
        if (mine is None) != (other is None):
            comparison.add(f"{name}.request", "body only " + ("here" if mine is not None else "in theirs"))
        elif mine is not None and other is not None:
            comparison.compare(f"{name}.request", mine, other)
        comparison.compare(
            f"{name}.response", _success_schema(our_ops[name]), _success_schema(their_ops[name])
        )
    error = {"$ref": "#/components/schemas/ErrorResponse"}
    comparison.compare("error_envelope", error, error)
    return comparison.differences


@attrs.frozen
class Allowed:
    match: str
    reason: str


def allowlist(config: Schema) -> list[Allowed]:
    entries = ((config.get("clientsuite") or {}).get("contract") or {}).get("allow") or []
    return [Allowed(str(e["match"]), str(e["reason"])) for e in entries]


def unexplained(found: Iterable[str], allowed: Iterable[Allowed]) -> list[str]:
    rules = list(allowed)
    return [line for line in found if not any(fnmatch.fnmatchcase(line, rule.match) for rule in rules)]


def unused(found: Iterable[str], allowed: Iterable[Allowed]) -> list[Allowed]:
    lines = list(found)
    return [rule for rule in allowed if not any(fnmatch.fnmatchcase(line, rule.match) for line in lines)]
