"""clientsuite's generator templates, end to end: a small spec through the real pipeline, imported."""

from __future__ import annotations

import importlib
import json
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import httpx
import pytest
from clientsuite.errors import ResponseValidationError
from clientsuite.runtime import ClientConfig, RetryConfig, attach, call
from pytest_httpx import HTTPXMock
from rich.pretty import pretty_repr

from scripts.manifest import toolchain
from tests.scripts.conftest import Workspace

SPEC = """\
openapi: 3.0.3
info: {title: Typed, version: "1.0"}
paths:
  /members/{id}:
    get:
      operationId: get_member
      tags: [members]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: expand, in: query, required: false, schema: {type: boolean}}
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "#/components/schemas/Member"}}}
components:
  schemas:
    SignInMethod: {type: string, enum: [email, google]}
    Identity:
      type: object
      properties:
        provider: {type: string}
        access_token: {type: string, x-secret: true}
        refresh_token: {type: string, nullable: true, format: password}
    Member:
      type: object
      required: [id, count]
      properties:
        id: {type: string}
        count: {type: integer}
        name: {type: string}
        nickname: {type: string, nullable: true}
        method: {$ref: "#/components/schemas/SignInMethod"}
        identities: {type: array, items: {$ref: "#/components/schemas/Identity"}}
        metadata: {type: object, additionalProperties: true}
        by_provider: {type: object, additionalProperties: {$ref: "#/components/schemas/Identity"}}
        labels: {$ref: "#/components/schemas/Labels"}
        created_at: {type: string, format: date-time}
    Labels: {type: object, additionalProperties: {type: string}}
"""


@pytest.fixture(scope="module")
def typed_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    workspace = Workspace(tmp_path_factory.mktemp("typed"))
    workspace.spec("typed", SPEC)
    (outcome,) = workspace.run()
    assert not outcome.problems, outcome.problems
    sys.path.insert(0, str(workspace.out))
    try:
        yield importlib.import_module("typed_api")
    finally:
        sys.path.remove(str(workspace.out))
        for name in [m for m in sys.modules if m == "typed_api" or m.startswith("typed_api.")]:
            del sys.modules[name]


def _models(api: ModuleType) -> ModuleType:
    return importlib.import_module(f"{api.__name__}.models")


def test_absent_optional_field_is_none_and_annotated_so(typed_api: ModuleType) -> None:
    member = _models(typed_api).Member.from_dict({"id": "m1", "count": 1})
    assert member.name is None and member.nickname is None and member.identities is None
    source = Path(typed_api.__file__).parent.joinpath("models", "member.py").read_text()
    assert "name: str | None = None" in source
    assert "Unset" not in source and "Unset" not in Path(typed_api.__file__).with_name("types.py").read_text()


def test_serialisation_sends_only_what_was_set_and_explicit_null_on_request(typed_api: ModuleType) -> None:
    models = _models(typed_api)
    types = importlib.import_module("typed_api.types")
    member = models.Member(id="m1", count=2, name="Ada")
    assert member.to_dict() == {"id": "m1", "count": 2, "name": "Ada"}
    types.send_null(member, "nickname")
    assert member.to_dict() == {"id": "m1", "count": 2, "name": "Ada", "nickname": None}
    with pytest.raises(AttributeError):
        types.send_null(member, "no_such_field")


def test_free_form_object_is_a_plain_dict(typed_api: ModuleType) -> None:
    member = _models(typed_api).Member.from_dict(
        {"id": "m1", "count": 1, "metadata": {"plan": "pro", "n": 2}}
    )
    assert isinstance(member.metadata, dict)
    assert member.metadata["plan"] == "pro" and dict(member.metadata) == {"plan": "pro", "n": 2}
    assert json.loads(json.dumps(member.metadata)) == {"plan": "pro", "n": 2}
    assert member.to_dict()["metadata"] == {"plan": "pro", "n": 2}


def test_map_of_models_and_named_free_form_schema(typed_api: ModuleType) -> None:
    models = _models(typed_api)
    types = importlib.import_module("typed_api.types")
    body = {"id": "m1", "count": 1, "by_provider": {"g": {"provider": "google"}}, "labels": {"a": "b"}}
    member = models.Member.from_dict(body)
    assert (
        isinstance(member.by_provider["g"], models.Identity) and member.by_provider["g"].provider == "google"
    )
    assert member.labels == {"a": "b"} and models.Labels == dict[str, str]
    assert member.to_dict()["by_provider"] == {"g": {"provider": "google"}}
    with pytest.raises(types.SchemaMismatch) as caught:
        models.Member.from_dict(body | {"by_provider": {"g": {"provider": 1}}, "labels": {"a": 2}})
    assert caught.value.field_path == "by_provider.g.provider"


def test_unknown_enum_value_is_kept_and_logged_once(
    typed_api: ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    models = _models(typed_api)
    types = importlib.import_module("typed_api.types")
    with caplog.at_level(logging.DEBUG, logger="typed_api.types"):
        first = models.Member.from_dict({"id": "m1", "count": 1, "method": "magic-link"})
        second = models.Member.from_dict({"id": "m2", "count": 1, "method": "magic-link"})
    assert first.method == "magic-link" and str(first.method) == "magic-link"
    assert isinstance(first.method, models.SignInMethod) and not types.is_known(first.method)
    assert first.method is second.method
    assert first.to_dict()["method"] == "magic-link"
    assert [r.levelno for r in caplog.records if "magic-link" in r.getMessage()] == [logging.DEBUG]
    known = models.Member.from_dict({"id": "m1", "count": 1, "method": "google"}).method
    assert known is models.SignInMethod.GOOGLE and known == "google" and types.is_known(known)


def test_wrong_type_is_rejected_with_its_field_path(typed_api: ModuleType) -> None:
    types = importlib.import_module("typed_api.types")
    body = {"id": "m1", "count": 1, "identities": [{"provider": "g"}, {"provider": 3}]}
    with pytest.raises(types.SchemaMismatch) as caught:
        _models(typed_api).Member.from_dict(body)
    assert caught.value.field_path == "identities[1].provider"
    assert (caught.value.expected, caught.value.actual) == ("string", "integer")
    with pytest.raises(types.SchemaMismatch, match="count: expected integer, got string"):
        _models(typed_api).Member.from_dict({"id": "m1", "count": "many"})
    with pytest.raises(types.SchemaMismatch, match="created_at: expected date-time string, got a string"):
        _models(typed_api).Member.from_dict({"id": "m1", "count": 1, "created_at": "yesterday"})
    assert (
        _models(typed_api)
        .Member.from_dict({"id": "m", "count": 1, "created_at": "2024-05-01T10:00:00Z"})
        .created_at
    )
    with pytest.raises(types.SchemaMismatch, match="count: expected integer, got boolean"):
        _models(typed_api).Member.from_dict({"id": "m1", "count": True})


def test_wrong_type_through_a_call_is_a_response_validation_error(
    typed_api: ModuleType, httpx_mock: HTTPXMock
) -> None:
    get_member = importlib.import_module("typed_api.api.members.get_member")
    config = ClientConfig("https://api.test", package="typed_api", retry=RetryConfig(max_retries=0))
    client = attach(typed_api.Client(base_url="https://api.test"), config)
    secret = "ya29.very-secret"
    body = {"id": "m1", "count": 1, "identities": [{"access_token": secret, "provider": ["g"]}]}
    httpx_mock.add_response(json=body)
    with pytest.raises(ResponseValidationError) as caught:
        call("get_member", get_member.sync, client=client, id="m1")
    error = caught.value
    assert error.operation == "get_member" and error.field_path == "identities[0].provider"
    assert (error.expected, error.actual) == ("string", "array")
    assert b'"provider"' in error.body and secret.encode() not in error.body
    assert secret not in str(error) and secret not in repr(error)


def test_unknown_fields_are_kept(typed_api: ModuleType) -> None:
    member = _models(typed_api).Member.from_dict({"id": "m1", "count": 1, "tier": "gold"})
    assert member.additional_properties == {"tier": "gold"}
    assert member.to_dict()["tier"] == "gold"


def test_repr_is_readable_and_masks_secrets(typed_api: ModuleType) -> None:
    body = {
        "id": "m1",
        "count": 1,
        "identities": [{"provider": "google", "access_token": "ya29.secret", "refresh_token": "1//rt"}],
        "metadata": {"plan": "pro", "api_key": "sk_live_1"},
    }
    member = _models(typed_api).Member.from_dict(body)
    text = repr(member)
    assert "Unset" not in text and "additional_properties" not in text
    assert "ya29.secret" not in text and "1//rt" not in text and "sk_live_1" not in text
    assert "access_token='***'" in text and "refresh_token='***'" in text and "'plan': 'pro'" in text
    assert text.startswith("Member(id='m1', count=1, name=None")
    assert member.identities[0].access_token == "ya29.secret"  # masked in the repr only
    pretty = pretty_repr(member)  # rich reads __rich_repr__, not attrs' fields
    assert "ya29.secret" not in pretty and "sk_live_1" not in pretty and "'***'" in pretty
    assert "_explicit_nulls" not in pretty and "additional_properties" not in pretty


def test_query_parameter_left_out_when_none(typed_api: ModuleType, httpx_mock: HTTPXMock) -> None:
    get_member = importlib.import_module("typed_api.api.members.get_member")
    client = typed_api.Client(base_url="https://api.test")
    httpx_mock.add_response(json={"id": "m1", "count": 1})
    get_member.sync(client=client, id="m1")
    request = httpx_mock.get_request()
    assert isinstance(request, httpx.Request) and "expand" not in request.url.params


def test_templates_are_part_of_the_toolchain(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A template change makes generated/ stale: the templates are hashed into the toolchain."""
    import scripts.manifest as manifest

    here = tmp_path / "scripts"
    (here / "templates").mkdir(parents=True)
    for name in manifest.PIPELINE_FILES:
        (here / name).write_text("same", encoding="utf-8")
    (here / "templates" / "model.py.jinja").write_text("one", encoding="utf-8")
    monkeypatch.setattr(manifest, "__file__", str(here / "manifest.py"))
    before = manifest.toolchain()["pipeline"]
    (here / "templates" / "model.py.jinja").write_text("two", encoding="utf-8")
    assert manifest.toolchain()["pipeline"] != before
    assert toolchain()["pipeline"] != before


def test_change_report_reads_the_old_and_new_shapes_alike(tmp_path: Path) -> None:
    """``X | Unset`` (generator default) and ``X | None`` (ours) are one type; only optionality moved."""
    from scripts.changes import diff
    from scripts.surface import read_surface

    def package(name: str, body: str) -> Path:
        (tmp_path / name / "models").mkdir(parents=True)
        (tmp_path / name / "models" / "member.py").write_text(f"class Member:\n{body}", encoding="utf-8")
        return tmp_path / name

    old = package(
        "old_api", "    count: int\n    name: str | Unset = UNSET\n    nick: None | str | Unset = UNSET\n"
    )
    new = package(
        "new_api",
        "    count: int | None = None\n    name: str | None = None\n    nick: None | str = None\n"
        "    _SECRETS: ClassVar[frozenset[str]] = frozenset()\n",
    )
    changes = diff(read_surface(old), read_surface(new))
    assert [(c.member, c.description, c.breaking) for c in changes] == [
        ("count", "field became optional", False)
    ]
