"""Every documented response example of every service parses into models a user can read.

No attribute anywhere in the parsed result is the generator's ``Unset``, and no value of a field
the spec declares secret shows in the result's ``repr``.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest
import pytest_httpx
from openapi_python_client.strings import snake_case

GENERATED = Path(__file__).resolve().parent.parent / "generated"
SERVICES = sorted(p.name for p in GENERATED.iterdir() if (p / "openapi.json").is_file())


def _examples(package: str) -> Iterator[tuple[str, str, int, Any]]:
    spec = json.loads((GENERATED / package / "openapi.json").read_text(encoding="utf-8"))
    for path, item in spec.get("paths", {}).items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue
            for status, response in operation.get("responses", {}).items():
                media = response.get("content", {}).get("application/json", {})
                found = [media["example"]] if "example" in media else []
                found += [e["value"] for e in media.get("examples", {}).values() if "value" in e]
                for example in found:
                    yield operation["operationId"], f"{method.upper()} {path}", int(status), example


def _module(package: str, operation_id: str) -> Any:
    name = snake_case(operation_id)
    (path,) = (GENERATED / package / "api").rglob(f"{name}.py")
    parts = path.relative_to(GENERATED).with_suffix("").parts
    return importlib.import_module(".".join(parts))


def _walk(value: object, where: str) -> Iterator[tuple[str, object]]:
    yield where, value
    if attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            yield from _walk(getattr(value, field.name), f"{where}.{field.name}")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, f"{where}[{key!r}]")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{where}[{index}]")


CASES = [(package, *case) for package in SERVICES for case in _examples(package)]


def test_every_service_documents_examples() -> None:
    assert {case[0] for case in CASES} >= {"pusher_api", "schematic_api", "pluginlab_auth_api"}


@pytest.mark.parametrize(
    ("package", "operation_id", "route", "status", "example"),
    CASES,
    ids=[f"{c[0]}:{c[1]}:{c[3]}" for c in CASES],
)
def test_documented_example_parses_without_unset_or_secrets(
    package: str, operation_id: str, route: str, status: int, example: Any
) -> None:
    module = _module(package, operation_id)
    client = importlib.import_module(package).Client(base_url="https://example.test")
    response = httpx.Response(status, json=example)
    if isinstance(example, dict) and example.get("is_error") is True:
        # Lumos's error envelope inside an HTTP 200: the facade turns it into an error; the model
        # alone must reject it as a typed mismatch, not return a half-empty object.
        types = importlib.import_module(f"{package}.types")
        with pytest.raises(types.SchemaMismatch):
            module._parse_response(client=client, response=response)
        return
    parsed = module._parse_response(client=client, response=response)
    assert parsed is not None, f"{route} {status}: example did not parse"
    text = repr(parsed)
    assert "Unset" not in text, f"{route}: {text}"
    secrets_checked = 0
    for where, value in _walk(parsed, "result"):
        assert type(value).__name__ != "Unset", f"{route}: {where} is Unset"
        if attrs.has(type(value)):
            for name in getattr(type(value), "_SECRETS", ()):
                secret = getattr(value, name)
                if isinstance(secret, str) and secret:
                    secrets_checked += 1
                    assert secret not in text, f"{route}: {where}.{name} shows in the repr"
    if package == "pluginlab_auth_api" and operation_id == "getMemberIdentities":
        assert secrets_checked > 0  # the example carries an access token; it must have been seen


# Through the facades: what a user of clientsuite gets, not only the generated layer.

MEMBER = {
    "id": "mem_1",
    "auth": {
        "isVerified": True,
        "email": "ada@example.com",
        "hasPassword": False,
        "signInMethod": "magic-link",
    },
    "metadata": {"plan": "pro"},
    "customFields": {},
    "createdAtMs": 1,
    "updatedAtMs": 2,
}


def test_facade_member_reads_none_unknown_enum_and_mapping(httpx_mock: pytest_httpx.HTTPXMock) -> None:
    from clientsuite.pluginlab import App
    from pluginlab_auth_api.types import is_known

    httpx_mock.add_response(json=MEMBER)
    member = App("admin-secret-xyz", "plugin-1", max_retries=0).get_auth().get_member_by_id("mem_1")
    assert member is not None
    assert member.name is None and f"Hello {member.name}" == "Hello None"
    assert member.auth.sign_in_method == "magic-link" and not is_known(member.auth.sign_in_method)
    assert dict(member.metadata) == {"plan": "pro"} and member.metadata["plan"] == "pro"
    assert "Unset" not in repr(member) and "additional_properties" not in repr(member)


def test_facade_identities_mask_tokens(httpx_mock: pytest_httpx.HTTPXMock) -> None:
    from clientsuite.pluginlab import App

    body = {
        "google": {
            "provider": "google",
            "providerUserId": "g1",
            "accessToken": "ya29.live",
            "refreshToken": None,
        }
    }
    httpx_mock.add_response(json=body)
    identities = App("admin-secret-xyz", "plugin-1", max_retries=0).get_auth().get_member_identities("mem_1")
    assert identities.google is not None and identities.google.access_token == "ya29.live"
    assert "ya29.live" not in repr(identities) and "access_token='***'" in repr(identities)
    assert identities.github is None


def test_facade_rejects_a_wrong_type_naming_the_field(httpx_mock: pytest_httpx.HTTPXMock) -> None:
    from clientsuite.errors import ResponseValidationError
    from clientsuite.pusher import Pusher

    httpx_mock.add_response(json={"occupied": True, "user_count": "many"})
    client = Pusher(app_id="123", key="app-key", secret="app-secret-value", cluster="eu", max_retries=0)
    with pytest.raises(ResponseValidationError) as caught:
        client.channel_info("presence-room", ["user_count"])
    error = caught.value
    assert (error.operation, error.field_path, error.expected, error.actual) == (
        "get_channel",
        "user_count",
        "integer",
        "string",
    )
    assert b'"many"' in error.body and "app-secret-value" not in str(error) + repr(error)
