"""Every official class and method the suite also has takes the same arguments.

Same names; the official positional parameters at the same positions; the same defaults (the
official ``OMIT`` marker, "leave it out", is ``None`` in the suite); the suite's own extras
keyword-only with a default. One test case per class or method.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import clientsuite.schematic as ours
import pytest
import schematic.client as official
import schematic.webhook_utils as official_webhooks
from clientsuite.schematic.async_companies import AsyncCompanies
from clientsuite.schematic.companies import Companies
from schematic.companies.client import AsyncCompaniesClient, CompaniesClient

CLIENT_METHODS = (
    "__init__",
    "check_flag",
    "check_flag_with_entitlement",
    "check_flags",
    "identify",
    "track",
    "set_flag_default",
    "set_flag_defaults",
    "initialize",
    "shutdown",
)
COMPANY_METHODS = ("upsert_company", "upsert_user", "get_company", "get_user", "list_companies")
CLASSES = (
    "SchematicConfig",
    "AsyncSchematicConfig",
    "CheckFlagOptions",
    "EventUsage",
    "TrackOptions",
    "IdentifyOptions",
    "EventBodyIdentifyCompany",
)
WEBHOOKS = ("verify_signature", "verify_webhook_signature", "compute_signature", "compute_hex_signature")

PAIRS: dict[str, tuple[Callable[..., Any], Callable[..., Any]]] = {}
for method in CLIENT_METHODS:
    PAIRS[f"Schematic.{method}"] = (getattr(official.Schematic, method), getattr(ours.Schematic, method))
    PAIRS[f"AsyncSchematic.{method}"] = (
        getattr(official.AsyncSchematic, method),
        getattr(ours.AsyncSchematic, method),
    )
for method in COMPANY_METHODS:
    PAIRS[f"companies.{method}"] = (getattr(CompaniesClient, method), getattr(Companies, method))
    PAIRS[f"async companies.{method}"] = (
        getattr(AsyncCompaniesClient, method),
        getattr(AsyncCompanies, method),
    )
for name in CLASSES:
    PAIRS[name] = (getattr(official, name), getattr(ours, name))
for name in WEBHOOKS:
    PAIRS[f"webhook_utils.{name}"] = (getattr(official_webhooks, name), getattr(ours.webhook_utils, name))

POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)


def _params(fn: Callable[..., Any]) -> list[inspect.Parameter]:
    # ``**extra_data`` on the official pydantic models is pydantic's catch-all, not an argument.
    return [
        p
        for p in inspect.signature(fn).parameters.values()
        if p.name != "self" and p.kind is not inspect.Parameter.VAR_KEYWORD
    ]


def _default(parameter: inspect.Parameter) -> Any:
    return None if parameter.default is Ellipsis else parameter.default


def mismatches(theirs: Callable[..., Any], mine: Callable[..., Any]) -> list[str]:
    official_params, our_params = _params(theirs), _params(mine)
    by_name = {p.name: p for p in our_params}
    found = []
    for index, parameter in enumerate(official_params):
        ours_ = by_name.get(parameter.name)
        if ours_ is None:
            found.append(f"{parameter.name}: missing")
            continue
        if parameter.kind in POSITIONAL and (
            ours_.kind not in POSITIONAL or our_params.index(ours_) != index
        ):
            found.append(f"{parameter.name}: not at position {index}")
        if _default(parameter) != _default(ours_):
            found.append(f"{parameter.name}: default {ours_.default!r}, official {parameter.default!r}")
    official_names = {p.name for p in official_params}
    for parameter in our_params:
        if parameter.name not in official_names and (
            parameter.kind is not inspect.Parameter.KEYWORD_ONLY or parameter.default is parameter.empty
        ):
            found.append(f"{parameter.name}: a suite extra must be keyword-only with a default")
    return found


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_same_signature(name: str) -> None:
    theirs, mine = PAIRS[name]
    assert mismatches(theirs, mine) == []


def test_the_check_catches_a_difference() -> None:
    def official_like(a: int, b: int = 1, *, c: Any = ...) -> None: ...

    def reordered(b: int = 1, a: int = 0, *, c: Any = None, extra: int = 0) -> None: ...

    assert mismatches(official_like, reordered) == [
        "a: not at position 0",
        "a: default 0, official <class 'inspect._empty'>",
        "b: not at position 1",
    ]
