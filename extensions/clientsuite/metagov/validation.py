"""Check plugin configs and action/process parameters against the schemas Metagov publishes.

Config schemas are fetched once per client, a community's actions and processes once per
community (again after the client changes its plugins). An invalid call raises
:class:`MetagovValidationError` listing every violation with its JSON path, and nothing is sent.
jsonschema is imported at the first check, so ``import clientsuite.metagov`` stays cheap.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from clientsuite.errors import ClientSuiteError
from clientsuite.runtime.extras import require

if TYPE_CHECKING:
    import jsonschema

FEATURE = "schema validation of clientsuite.metagov"


@attrs.frozen
class Violation:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class MetagovValidationError(ClientSuiteError, ValueError):
    """Parameters or a config that do not fit the published schema; ``violations`` lists each problem."""

    def __init__(self, subject: str, violations: list[Violation]) -> None:
        self.subject = subject
        self.violations = violations
        listed = "; ".join(str(v) for v in violations)
        super().__init__(f"{subject} is invalid: {listed}")


class UnknownCapabilityError(ClientSuiteError, LookupError):
    """The catalogue has no such plugin, action or process."""


def _json_path(error: jsonschema.ValidationError) -> str:
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)


def _message(error: jsonschema.ValidationError, quote_values: bool) -> str:
    """jsonschema's message; without the offending value where it may be a credential."""
    if quote_values or isinstance(error.instance, dict | list):
        return error.message
    return error.message.replace(repr(error.instance), "the value")


def check(subject: str, schema: Mapping[str, Any] | None, value: Any, *, quote_values: bool = True) -> None:
    """Raise with every violation of ``schema`` by ``value`` (no schema: anything goes)."""
    if not schema:
        return
    validator_cls = require("jsonschema.validators", FEATURE).validator_for(schema)
    violations = [
        Violation(_json_path(error), _message(error, quote_values))
        for error in sorted(validator_cls(schema).iter_errors(value), key=lambda e: list(e.absolute_path))
    ]
    if violations:
        raise MetagovValidationError(subject, violations)


@attrs.frozen
class Catalogue:
    """Every plugin's config schema, by plugin name (``GET /api/internal/plugin-schemas``)."""

    configs: dict[str, dict[str, Any]]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Catalogue:
        return cls({name: dict(schema or {}) for name, schema in data.items()})

    def check_plugin(self, plugin: str) -> None:
        if plugin not in self.configs:
            raise UnknownCapabilityError(f"no plugin named {plugin!r} in the catalogue")

    def check_config(self, plugin: str, config: Mapping[str, Any]) -> None:
        self.check_plugin(plugin)
        # a plugin's config holds its credentials: messages name the field, never its value
        check(f"config of plugin {plugin!r}", self.configs[plugin], dict(config), quote_values=False)


@attrs.frozen
class Capabilities:
    """The actions (or processes) one community can use, by ``plugin.slug`` id.

    Metagov lists only those of the plugins enabled for the community, with their
    ``parameters_schema``.
    """

    kind: str  # "action" or "process"
    community: str
    by_id: dict[str, dict[str, Any]]

    @classmethod
    def from_list(cls, kind: str, community: str, items: list[dict[str, Any]]) -> Capabilities:
        return cls(kind, community, {item["id"]: item for item in items})

    @property
    def plugins(self) -> set[str]:
        return {name.partition(".")[0] for name in self.by_id}

    def knows(self, name: str) -> bool:
        """Whether ``name``'s plugin is enabled here (then an unknown slug is a local error)."""
        return name in self.by_id or name.partition(".")[0] in self.plugins

    def check(self, name: str, parameters: Mapping[str, Any]) -> None:
        if name not in self.by_id:
            raise UnknownCapabilityError(
                f"no {self.kind} {name!r} among those of community {self.community!r}"
            )
        check(f"parameters of {name}", self.by_id[name].get("parameters_schema"), dict(parameters))
