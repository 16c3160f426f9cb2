"""specs/lumos.yaml against the spec connector-py ships, with one documented allowlist."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from clientsuite.lumos import CAPABILITIES

from tests.lumos.connector_env import ROOT, installed_version, pins, shipped_spec_path
from tests.lumos.contract import allowlist, differences, unexplained, unused

OURS = ROOT / "specs" / "lumos.yaml"
CONFIG = ROOT / "specs" / "lumos.config.yaml"


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def theirs(connector_python: Path) -> Any:
    return load(shipped_spec_path(connector_python))


def test_no_unexplained_difference(theirs: Any) -> None:
    found = differences(load(OURS), theirs, CAPABILITIES)
    rules = allowlist(load(CONFIG))
    assert unexplained(found, rules) == []
    assert unused(found, rules) == [], "an allowlist entry explains nothing any more: remove it"
    assert all(rule.reason.strip() for rule in rules)


def test_every_covered_capability_is_in_both_specs(theirs: Any) -> None:
    found = differences(load(OURS), theirs, CAPABILITIES)
    assert not [line for line in found if "capability only" in line]
    assert len(CAPABILITIES) == 20


def test_the_verified_version_is_the_pinned_one(connector_python: Path) -> None:
    version = installed_version(connector_python)
    assert f"connector-py=={version}" in pins()
    assert load(CONFIG)["clientsuite"]["contract"]["connector_py"] == version
    assert f"connector-py {version}" in (ROOT / "docs" / "lumos.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda s: s["FoundAccountData"]["properties"].pop("resource_id"), "property only in theirs"),
        (lambda s: s["AccountStatus"]["enum"].append("UNKNOWN"), "enum only here: UNKNOWN"),
        (lambda s: s["CreatableAccount"].pop("required"), "required only in theirs"),
        (lambda s: s["Page"]["properties"]["size"].update(type="string"), "type string here"),
        (
            lambda s: s["AppInfo"]["properties"]["app_id"].update(type=["string", "null"]),
            "null accepted only in ours",
        ),
    ],
)
def test_the_comparison_sees_each_kind_of_difference(theirs: Any, change: Any, expected: str) -> None:
    ours = copy.deepcopy(load(OURS))
    change(ours["components"]["schemas"])
    found = unexplained(differences(ours, theirs, CAPABILITIES), allowlist(load(CONFIG)))
    assert any(expected in line for line in found), found


NOT_SECRET = {("Page", "token"): "a paging cursor", ("OauthCredentials", "token_type"): "the enum 'bearer'"}


def test_every_secret_property_is_marked() -> None:
    """Tokens, secrets, passwords, keys and verifiers carry ``x-secret: true`` (the generator hides them)."""
    import re

    schemas = load(OURS)["components"]["schemas"]
    looks_secret = re.compile(r"token|secret|password|key|verifier|with_code")
    unmarked = [
        (name, prop)
        for name, schema in schemas.items()
        for prop, spec in (schema.get("properties") or {}).items()
        if looks_secret.search(prop) and not spec.get("x-secret") and (name, prop) not in NOT_SECRET
    ]
    assert unmarked == []
