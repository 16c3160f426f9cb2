"""Surface reading, change classification, usage finding and service discovery."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from scripts.changes import Kind, diff
from scripts.services import ServiceConfigError, discover
from scripts.surface import Member, Surface
from scripts.usages import find_usages
from scripts.validation import json_pointer


def surface(
    operations: dict[str, dict[str, Member]] | None = None, models: dict[str, dict[str, Member]] | None = None
) -> Surface:
    return Surface(operations or {}, models or {})


def test_diff_classifies_changes() -> None:
    old = surface(
        {"get": {"id": Member("str", True), "q": Member("str | Unset", False)}, "gone": {}},
        {"Item": {"id": Member("str", True), "name": Member("str", True), "size": Member("int", False)}},
    )
    new = surface(
        {
            "get": {"id": Member("int", True), "q": Member("str", True), "extra": Member("bool", False)},
            "new": {},
        },
        {"Item": {"id": Member("str", True), "size": Member("int", True), "tag": Member("str", False)}},
    )
    changes = {(c.kind, c.label, c.description): c.breaking for c in diff(old, new)}
    assert changes[(Kind.OPERATION, "gone", "operation removed")] is True
    assert changes[(Kind.OPERATION, "new", "operation added")] is False
    assert changes[(Kind.PARAMETER, "get.id", "parameter retyped: str -> int")] is True
    assert changes[(Kind.PARAMETER, "get.q", "parameter became required")] is True
    assert changes[(Kind.PARAMETER, "get.extra", "parameter added")] is False
    assert changes[(Kind.FIELD, "Item.name", "field removed")] is True
    assert changes[(Kind.FIELD, "Item.size", "field became required")] is True
    assert changes[(Kind.FIELD, "Item.tag", "field added")] is False
    ordered = diff(old, new)
    assert all(c.breaking for c in ordered[: sum(c.breaking for c in ordered)])


def test_usages_follow_imports_attributes_and_keywords(tmp_path: Path) -> None:
    module = tmp_path / "ext" / "helpers.py"
    module.parent.mkdir()
    module.write_text(
        "import demo_api.models\n"
        "from demo_api.api.items import get_item\n"
        "\n"
        "def f(client, item):\n"
        "    get_item.sync(client=client, q='x')\n"
        "    return demo_api.models.Item(name=item.name)\n"
    )
    (tmp_path / "ext" / "unrelated.py").write_text("def get_item():\n    return 1\n")
    changes = diff(
        surface({"get_item": {"q": Member("str", False)}}, {"Item": {"name": Member("str", True)}}),
        surface({}, {"Item": {}}),
    )
    found = {
        c.label: [str(u) for u in places]
        for c, places in find_usages(tmp_path / "ext", "demo_api", changes).items()
    }
    assert found["get_item"] == [f"{module}:2", f"{module}:5"]
    assert found["Item.name"] == [f"{module}:6"]


def test_discovery(tmp_path: Path) -> None:
    (tmp_path / "b.yaml").write_text("{}")
    (tmp_path / "a.json").write_text("{}")
    (tmp_path / "a.config.yaml").write_text("class_overrides: {}\nclientsuite: {allow_dropped: true}\n")
    (tmp_path / "notes.txt").write_text("")
    services = discover(tmp_path)
    assert [s.name for s in services] == ["a", "b"]
    assert services[0].allow_dropped == ("*",) and services[0].generator_options == {"class_overrides": {}}
    assert services[0].package_name == "a_api"
    (tmp_path / "Bad-Name.yaml").write_text("{}")
    with pytest.raises(ServiceConfigError, match="snake_case"):
        discover(tmp_path)


def test_json_pointer_escapes() -> None:
    assert json_pointer(["paths", "/a/{b}", "get", 0]) == "/paths/~1a~1{b}/get/0"
    assert json_pointer(["x~y"]) == "/x~0y"


def test_surface_reads_generated_shapes(tmp_path: Path) -> None:
    from scripts.surface import read_surface

    package = tmp_path / "p_api"
    (package / "api" / "t").mkdir(parents=True)
    (package / "models").mkdir()
    (package / "api" / "t" / "op.py").write_text(
        "def sync_detailed(thing_id: str, *, client, q: str | Unset = UNSET, body: Body) -> None: ...\n"
    )
    (package / "models" / "body.py").write_text(
        "class Body:\n    name: str\n    size: int | Unset = UNSET\n    additional_properties: dict = {}\n"
    )
    result = read_surface(package)
    assert result.operations == {
        "t.op": {
            "thing_id": Member("str", True),
            "q": Member("str", False),  # surface.normalise: optional, recorded without Unset
            "body": Member("Body", True),
        }
    }
    assert result.models == {"Body": {"name": Member("str", True), "size": Member("int", False)}}
    assert ast.parse((package / "api" / "t" / "op.py").read_text())


def test_becoming_optional_is_not_also_a_retype() -> None:
    old = surface({"t.get": {"q": Member("str", True)}})
    new = surface({"t.get": {"q": Member("str | Unset", False)}})
    assert [(c.description, c.breaking) for c in diff(old, new)] == [("parameter became optional", False)]
    back = [(c.description, c.breaking) for c in diff(new, old)]
    assert back == [("parameter became required", True)]


def test_enum_members_are_part_of_the_surface(tmp_path: Path) -> None:
    from scripts.surface import read_surface

    package = tmp_path / "p_api"
    (package / "models").mkdir(parents=True)
    (package / "models" / "status.py").write_text(
        "from enum import StrEnum\n\nclass Status(StrEnum):\n    ACTIVE = 'active'\n    GONE = 'gone'\n"
    )
    assert set(read_surface(package).models["Status"]) == {"ACTIVE", "GONE"}


def test_moving_an_operation_to_another_tag_is_breaking() -> None:
    changes = diff(surface({"default.get": {}}), surface({"things.get": {}}))
    assert [(c.label, c.breaking) for c in changes if c.breaking] == [("default.get", True)]


def test_usages_follow_import_aliases(tmp_path: Path) -> None:
    module = tmp_path / "ext" / "aliased.py"
    module.parent.mkdir()
    module.write_text(
        "def use(client):\n"
        "    return fetch.sync(client=client)\n"
        "\n"
        "from demo_api.api.items import get_item as fetch\n"
    )
    changes = diff(surface({"items.get_item": {}}), surface())
    found = {
        c.label: [u.line for u in places]
        for c, places in find_usages(tmp_path / "ext", "demo_api", changes).items()
    }
    assert found["items.get_item"] == [2, 4]


def test_allow_dropped_matches_exact_operations() -> None:
    from scripts.build import DroppedItem

    item = DroppedItem("parsing POST /bar within default. Endpoint will not be generated.", "xml")
    assert not item.matches(("POST /b",))
    assert item.matches(("POST /bar",)) and item.matches(("*",))
    schema = DroppedItem("Unable to process schema /components/schemas/Bad", "ref")
    assert schema.matches(("/components/schemas/Bad",)) and not schema.matches(("/components/schemas/Ba",))


def test_broken_config_yaml_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("{}")
    (tmp_path / "a.config.yaml").write_text("class_overrides: [unclosed\n")
    with pytest.raises(ServiceConfigError, match=r"a\.config\.yaml"):
        discover(tmp_path)


@pytest.mark.parametrize("spec", sorted((Path(__file__).parents[2] / "specs").glob("*.yaml")), ids=str)
def test_specs_parse_as_with_the_pure_python_loader(spec: Path) -> None:
    import yaml

    from scripts.validation import load_spec

    # load_spec uses libyaml's loader where PyYAML has it: it must read every spec the same way
    assert load_spec(spec) == yaml.load(spec.read_text(encoding="utf-8"), yaml.SafeLoader)


def test_a_yaml_syntax_error_is_a_spec_problem(tmp_path: Path) -> None:
    from scripts.validation import validate_spec

    spec = tmp_path / "broken.yaml"
    spec.write_text("openapi: 3.1.0\ninfo: {title: [unclosed\n")
    parsed, problems = validate_spec(spec)
    assert parsed is None and len(problems) == 1
    assert problems[0].reason.startswith("cannot parse:") and "line" in problems[0].reason


def test_surfaces_of_packages_sharing_modules_are_each_their_own(tmp_path: Path) -> None:
    from scripts.surface import read_surface

    for name, size in (("old_api", "int"), ("new_api", "str")):
        models = tmp_path / name / "models"
        models.mkdir(parents=True)
        (models / "same.py").write_text("class Same:\n    id: str\n")  # the same bytes in both packages
        (models / "body.py").write_text(f"class Body:\n    size: {size}\n")
    old, new = read_surface(tmp_path / "old_api"), read_surface(tmp_path / "new_api")
    assert old.models == {"Same": {"id": Member("str", True)}, "Body": {"size": Member("int", True)}}
    assert new.models == {"Same": {"id": Member("str", True)}, "Body": {"size": Member("str", True)}}
    new.models["Same"]["extra"] = Member("int", False)  # a surface is its own: the other one is untouched
    assert old.models["Same"] == {"id": Member("str", True)}
    assert read_surface(tmp_path / "old_api") == old
