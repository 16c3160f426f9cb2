"""The spec's documented response examples, so unit tests serve complete, valid bodies."""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

import yaml

SPEC = Path(__file__).resolve().parents[2] / "specs" / "schematic.yaml"


@cache
def _examples() -> dict[str, Any]:
    spec = yaml.safe_load(SPEC.read_text())
    found: dict[str, Any] = {}
    for item in spec["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and "operationId" in operation:
                content = operation["responses"]["200"]["content"]["application/json"]
                found[operation["operationId"]] = content["example"]
    return found


def example(operation_id: str) -> Any:
    """A fresh copy of the 200 example of ``operation_id``."""
    return copy.deepcopy(_examples()[operation_id])
