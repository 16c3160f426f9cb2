"""Every success response documents an example, since offline mode answers with it.

An operation whose success response has a body but no example generates fine and then fails at
run time offline (HTTP 501). Generation names it instead: a warning by default, an error when the
service's config says ``clientsuite: {missing_examples: error}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def _resolve(spec: Mapping[str, Any], node: Any) -> Any:
    seen = 0
    while isinstance(node, Mapping) and isinstance(node.get("$ref"), str) and seen < 32:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            target = target.get(part) if isinstance(target, Mapping) else None
        node, seen = target, seen + 1
    return node


def _documented(media: Mapping[str, Any]) -> bool:
    if "example" in media:
        return True
    examples = media.get("examples")
    return isinstance(examples, Mapping) and any(
        isinstance(e, Mapping) and "value" in e for e in examples.values()
    )


def missing_examples(spec: Mapping[str, Any]) -> list[str]:
    """``METHOD /path (operationId): status`` for each success response with a body and no example."""
    missing: list[str] = []
    paths = spec.get("paths")
    for path, item in sorted(paths.items()) if isinstance(paths, Mapping) else []:
        if not isinstance(item, Mapping):
            continue
        for method in _METHODS:
            operation = item.get(method)
            if not isinstance(operation, Mapping):
                continue
            responses = operation.get("responses")
            for status, response in sorted((responses or {}).items(), key=lambda kv: str(kv[0])):
                if not str(status).startswith("2"):
                    continue
                content = (_resolve(spec, response) or {}).get("content") or {}
                bodies = [m for m in content.values() if isinstance(m, Mapping)]
                if bodies and not any(_documented(m) for m in bodies):
                    name = operation.get("operationId", "?")
                    missing.append(f"{method.upper()} {path} ({name}): response {status} has no example")
    return missing
