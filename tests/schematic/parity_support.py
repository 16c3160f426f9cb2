"""Response bodies built from the official SDK's pydantic models, and a field-by-field comparison.

``full(Model)`` fills every field of an official model (nested models, one item per list), so
the served body exercises every type; ``nulls(Model)`` sets every optional field to ``None``.
Both are validated by the official model itself before they are served.
"""

from __future__ import annotations

import datetime as dt
import typing
from typing import Any

import pydantic

WHEN = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)

# The deliberate differences from the official SDK, listed once, with their reasons; the same
# list is the "Known differences" table of docs/schematic.md. Each has a test of the suite's side.
KNOWN = {
    "bad-input-raises": (
        "a programming error (empty keys or event name, a negative quantity) raises TypeError or "
        "ValueError at once; the official SDK logs it and drops the event"
    ),
    "api-key-required": (
        "an empty api_key raises ValueError unless offline=True; "
        "the official SDK sends requests without a key"
    ),
    "credit-leases-datastream": (
        "credit_leases (check(), track_with_reservation, prewarm) and DataStream (use_datastream, "
        "datastream) are not implemented: setting them raises NotImplementedError "
        "instead of behaving differently"
    ),
    "explicit-none-omitted": (
        "None passed to an upsert argument leaves the field out, the same as not passing it; the official "
        "SDK sends null for an explicit None"
    ),
    "redirect-drops-key": (
        "redirects are followed as in the official SDK, but the X-Schematic-Api-Key header is not carried "
        "to another host"
    ),
    "wire-names": (
        "fields whose Python name differs from the wire name (account_last_4 for account_last4) "
        "keep the wire name: the generator names attributes after the spec's properties"
    ),
}
NoneType = type(None)


def _value(annotation: Any, name: str, depth: int, optional_none: bool) -> Any:
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Union:
        if optional_none and NoneType in args:
            return None
        rest = [a for a in args if a is not NoneType and a is not typing.Any]
        return _value(rest[0], name, depth, optional_none)
    if origin is typing.Literal:
        return args[0]
    if origin in (list, typing.List):  # noqa: UP006
        return [] if depth > 3 else [_value(args[0], name, depth + 1, optional_none)]
    if origin in (dict, typing.Dict):  # noqa: UP006
        return {"k": _value(args[1], name, depth + 1, optional_none)}
    if annotation is typing.Any:
        return "any-value"
    if annotation is str:
        return f"{name}-value"
    if annotation is bool:
        return True
    if annotation is int:
        return 7
    if annotation is float:
        return 1.5
    if annotation is dt.datetime:
        return WHEN
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        return build(annotation, depth + 1, optional_none)
    raise TypeError(f"no value for {annotation!r}")


def build(model: type[pydantic.BaseModel], depth: int = 0, optional_none: bool = False) -> dict[str, Any]:
    return {
        (info.alias or field): _value(info.annotation, field, depth, optional_none)
        for field, info in model.model_fields.items()
    }


def wire(model: type[pydantic.BaseModel], *, optional_none: bool = False, **overrides: Any) -> Any:
    """A JSON body that the official ``model`` validates, as the service would send it."""
    data = build(model, optional_none=optional_none) | overrides
    return model.model_validate(data).model_dump(mode="json", by_alias=True)


def differences(official: Any, ours: Any, path: str = "", *, aliases: bool = True) -> list[str]:
    """Where ``ours`` differs from ``official`` in value or type (``None`` must be ``None``).

    With ``aliases``, a field missing under its Python name is looked up under its wire name
    (the listed "wire-names" difference, which has its own test).
    """
    if isinstance(official, pydantic.BaseModel):
        found: list[str] = []
        for field, info in type(official).model_fields.items():
            name = field if hasattr(ours, field) or not aliases else (info.alias or field)
            if not hasattr(ours, name):
                found.append(f"{path}.{field}: missing on {type(ours).__name__}")
                continue
            found += differences(
                getattr(official, field), getattr(ours, name), f"{path}.{field}", aliases=aliases
            )
        return found
    if official is None:
        if ours is None:
            return []
        return [f"{path}: {ours!r} instead of None"]
    if isinstance(official, dict):
        return _mapping(official, ours, path)
    if isinstance(official, list):
        if not isinstance(ours, list) or len(ours) != len(official):
            return [f"{path}: {ours!r} instead of {official!r}"]
        return [
            d
            for n, item in enumerate(official)
            for d in differences(item, ours[n], f"{path}[{n}]", aliases=aliases)
        ]
    if type(official) is not type(ours) or official != ours:
        return [
            f"{path}: {ours!r} ({type(ours).__name__}) instead of {official!r} ({type(official).__name__})"
        ]
    return []


def _mapping(official: dict[str, Any], ours: Any, path: str) -> list[str]:
    # Free-form objects come out of the generator as mapping models (a listed difference):
    # compare their entries, which is what ``[]``, ``in`` and ``to_dict()`` give.
    entries = getattr(ours, "additional_properties", ours)
    if not isinstance(entries, dict) or set(entries) != set(official):
        return [f"{path}: {ours!r} instead of {official!r}"]
    return [d for key, value in official.items() for d in differences(value, entries[key], f"{path}[{key}]")]
