"""Check plugin configs and action/process parameters against the schemas Metagov publishes.

The catalogue is fetched once per client; an invalid call raises :class:`MetagovValidationError`
listing every violation with its JSON path, and nothing is sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from clientsuite.errors import ClientSuiteError
from clientsuite.runtime.extras import missing_extra

try:
    import jsonschema
except ImportError as error:
    raise missing_extra(error, "clientsuite.metagov") from error


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


def check(subject: str, schema: Mapping[str, Any] | None, value: Any) -> None:
    """Raise with every violation of ``schema`` by ``value`` (no schema: anything goes)."""
    if not schema:
        return
    validator_cls = jsonschema.validators.validator_for(schema)
    violations = [
        Violation(_json_path(error), error.message)
        for error in sorted(validator_cls(schema).iter_errors(value), key=lambda e: list(e.absolute_path))
    ]
    if violations:
        raise MetagovValidationError(subject, violations)


@attrs.frozen
class Catalogue:
    """The published schemas, by plugin name and by ``plugin.slug`` capability id."""

    configs: dict[str, dict[str, Any]]
    actions: dict[str, dict[str, Any]]
    processes: dict[str, dict[str, Any]]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Catalogue:
        configs, actions, processes = {}, {}, {}
        for plugin in data.get("plugins", []):
            configs[plugin["name"]] = plugin.get("config_schema") or {}
            actions.update({a["id"]: a for a in plugin.get("actions", [])})
            processes.update({p["id"]: p for p in plugin.get("processes", [])})
        return cls(configs, actions, processes)

    def check_config(self, plugin: str, config: Mapping[str, Any]) -> None:
        if plugin not in self.configs:
            raise UnknownCapabilityError(f"no plugin named {plugin!r} in the catalogue")
        check(f"config of plugin {plugin!r}", self.configs[plugin], dict(config))

    def check_action(self, action: str, parameters: Mapping[str, Any]) -> None:
        if action not in self.actions:
            raise UnknownCapabilityError(f"no action {action!r} in the catalogue")
        check(f"parameters of {action}", self.actions[action].get("input_schema"), dict(parameters))

    def check_process(self, process: str, parameters: Mapping[str, Any]) -> None:
        if process not in self.processes:
            raise UnknownCapabilityError(f"no process {process!r} in the catalogue")
        check(f"parameters of {process}", self.processes[process].get("input_schema"), dict(parameters))
