"""The operations of a service, read from the spec copy that ships inside its generated package.

The runtime matches each outgoing request to its operation to know whether it may be retried
(``x-idempotent``) and, offline, which documented example answers it.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from typing import Any

import attrs

SPEC_RESOURCE = "openapi.json"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
_PARAM = re.compile(r"\{([^{}/]+)\}")


@attrs.frozen
class Example:
    status_code: int
    body: Any  # None for a response without content
    content_type: str = "application/json"
    headers: Mapping[str, str] = attrs.field(factory=dict)  # documented header examples (Location...)


@attrs.frozen
class Route:
    """One operation: its method, path template and what the spec says about it."""

    method: str
    template: str
    operation_id: str
    idempotent: bool
    pattern: re.Pattern[str] = attrs.field(eq=False, repr=False)
    responses: dict[str, Any] = attrs.field(eq=False, repr=False)

    def example(self, request: Mapping[str, Any] | None = None) -> Example | None:
        """The documented example of the first success response (2xx, lowest code first).

        Among several named ``examples``, one whose ``x-clientsuite-when`` conditions all hold for
        ``request`` (its JSON body and query parameters) wins; else the first without conditions.
        That lets a spec show, say, the second page of a list to a request for it.
        """
        for code in sorted(self.responses):
            if not code.startswith("2"):
                continue
            status = int(code) if code.isdigit() else 200
            content = self.responses[code].get("content") or {}
            headers = {
                name: str(header["example"])
                for name, header in (self.responses[code].get("headers") or {}).items()
                if "example" in header
            }
            if not content:
                return Example(status, None, headers=headers)
            for content_type, media in content.items():
                if "example" in media:
                    return Example(status, media["example"], content_type, headers)
                chosen = _choose(
                    [e for e in (media.get("examples") or {}).values() if "value" in e], request or {}
                )
                if chosen is not None:
                    return Example(status, chosen["value"], content_type, headers)
        return None


def _lookup(data: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(data, Mapping) or part not in data:
            return _MISSING
        data = data[part]
    return data


_MISSING = object()


def _choose(examples: list[dict[str, Any]], request: Mapping[str, Any]) -> dict[str, Any] | None:
    for example in examples:
        when = example.get("x-clientsuite-when")
        if when and all(_lookup(request, path) == value for path, value in when.items()):
            return example
    return next((e for e in examples if not e.get("x-clientsuite-when")), None)


def _compile(template: str) -> re.Pattern[str]:
    parts, last = [], 0
    for match in _PARAM.finditer(template):
        parts.append(re.escape(template[last : match.start()]))
        parts.append(f"(?P<{re.sub(r'[^0-9A-Za-z_]', '_', match.group(1))}>[^/]+?)")
        last = match.end()
    parts.append(re.escape(template[last:]))
    return re.compile("".join(parts))


def _specificity(route: Route) -> tuple[int, int]:
    """Literal paths before templated ones, so ``/a/hooks`` wins over ``/a/{id}``."""
    return (route.template.count("{"), -len(route.template))


@attrs.frozen(cache_hash=True)
class Routes:
    routes: tuple[Route, ...]

    @classmethod
    def from_spec(cls, spec: dict[str, Any]) -> Routes:
        found: list[Route] = []
        for template, item in (spec.get("paths") or {}).items():
            for method, operation in item.items():
                if method.upper() not in {
                    "GET",
                    "PUT",
                    "POST",
                    "DELETE",
                    "PATCH",
                    "HEAD",
                    "OPTIONS",
                    "TRACE",
                }:
                    continue
                upper = method.upper()
                idempotent = bool(operation.get("x-idempotent", upper in _SAFE_METHODS))
                found.append(
                    Route(
                        upper,
                        template,
                        operation.get("operationId", f"{upper} {template}"),
                        idempotent,
                        _compile(template),
                        operation.get("responses") or {},
                    )
                )
        return cls(tuple(sorted(found, key=_specificity)))

    @classmethod
    def for_package(cls, package: str) -> Routes:
        """The routes of a generated package (``pusher_api``...), from its shipped spec copy."""
        return _load(package)

    def match(self, method: str, path: str) -> Route | None:
        """The operation for ``method`` on ``path`` (already relative to the base URL)."""
        return _match(self, method, path)

    def _scan(self, method: str, path: str) -> Route | None:
        for route in self.routes:
            if route.method == method and route.pattern.fullmatch(path):
                return route
        return None

    def paths(self, path: str) -> list[str]:
        """Methods documented for a path, to tell '405' from '404' in messages."""
        return [r.method for r in self.routes if r.pattern.fullmatch(path)]


@functools.lru_cache(maxsize=4096)
def _match(routes: Routes, method: str, path: str) -> Route | None:
    return routes._scan(method, path)


@functools.cache
def _load(package: str) -> Routes:
    from importlib import resources  # only when a client is built: keeps the import path cheap

    text = resources.files(package).joinpath(SPEC_RESOURCE).read_text(encoding="utf-8")
    return Routes.from_spec(json.loads(text))
