"""Find the services: one spec per service in specs/, with an optional generator config beside it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import attrs
import yaml

SPEC_SUFFIXES = (".yaml", ".yml", ".json")
CONFIG_SUFFIX = ".config"
_SERVICE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class ServiceConfigError(ValueError):
    """A spec folder that the pipeline cannot make sense of."""


@attrs.frozen
class Service:
    """One spec and what the pipeline needs to turn it into ``generated/<name>_api``."""

    name: str
    spec_path: Path
    config_path: Path | None
    generator_options: dict[str, Any] = attrs.field(eq=False)
    allow_dropped: tuple[str, ...] = ()
    # "warn" or "error": what a success response without a documented example does to the run
    missing_examples: str = "warn"

    @property
    def package_name(self) -> str:
        return f"{self.name}_api"


MISSING_EXAMPLES = ("warn", "error")


def _load_config(path: Path) -> tuple[dict[str, Any], tuple[str, ...], str]:
    """Split a config file into openapi-python-client's options and the suite's own ``clientsuite:`` key."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ServiceConfigError(f"{path}: cannot parse: {exc}") from None
    if not isinstance(data, dict):
        raise ServiceConfigError(f"{path}: a generator config must be a mapping")
    suite = data.pop("clientsuite", None) or {}
    if not isinstance(suite, dict):
        raise ServiceConfigError(f"{path}: the 'clientsuite' key must be a mapping")
    allowed = suite.get("allow_dropped", [])
    if allowed is True:
        allowed = ["*"]
    if not isinstance(allowed, list) or not all(isinstance(item, str) for item in allowed):
        raise ServiceConfigError(f"{path}: clientsuite.allow_dropped must be a list of strings or true")
    missing_examples = suite.get("missing_examples", "warn")
    if missing_examples not in MISSING_EXAMPLES:
        raise ServiceConfigError(f"{path}: clientsuite.missing_examples must be 'warn' or 'error'")
    return data, tuple(allowed), missing_examples


def discover(specs_dir: Path) -> list[Service]:
    """Every service in ``specs_dir``, sorted by name; two specs for one service is an error."""
    found: dict[str, Service] = {}
    for path in sorted(specs_dir.iterdir()):
        if path.suffix not in SPEC_SUFFIXES or path.stem.endswith(CONFIG_SUFFIX) or path.name.startswith("."):
            continue
        name = path.stem
        if not _SERVICE_NAME.match(name):
            raise ServiceConfigError(f"{path}: a service name must be lowercase snake_case")
        if name in found:
            raise ServiceConfigError(
                f"{path}: service {name!r} already has a spec ({found[name].spec_path.name})"
            )
        config_path = next(
            (c for s in SPEC_SUFFIXES if (c := specs_dir / f"{name}{CONFIG_SUFFIX}{s}").exists()), None
        )
        options, allowed, missing = _load_config(config_path) if config_path else ({}, (), "warn")
        found[name] = Service(name, path, config_path, options, allowed, missing)
    return list(found.values())
