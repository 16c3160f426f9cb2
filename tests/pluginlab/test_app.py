"""Members, quota usage and custom events with pytest-httpx; offline examples."""

from __future__ import annotations

import json

import httpx
import pytest
from clientsuite.errors import AuthenticationError
from clientsuite.pluginlab import App, AsyncApp, EventLocation
from pytest_httpx import HTTPXMock

from tests.pluginlab.conftest import PLUGIN_ID

AUTH = f"https://auth.pluginlab.ai/admin/plugins/{PLUGIN_ID}"
MEMBER = {
    "id": "mem_1",
    "auth": {
        "isVerified": True,
        "email": "john+doe@example.com",
        "hasPassword": True,
        "signInMethod": "google",
    },
    "givenName": "John",
    "pictureUrl": None,
    "customFields": {"company": "Acme"},
    "metadata": {},
    "createdAtMs": 1,
    "updatedAtMs": 2,
}


@pytest.fixture
def app() -> App:
    return App("admin-secret-xyz", PLUGIN_ID, max_retries=0)


def test_headers_and_email_encoding(app: App, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=MEMBER)
    member = app.get_auth().get_member_by_email("john+doe@example.com")
    assert member is not None and member.auth.email == "john+doe@example.com"
    assert member.given_name == "John" and member.custom_fields["company"] == "Acme"
    assert member.auth.sign_in_method.value == "google"
    request = httpx_mock.get_request()
    assert request is not None
    assert (
        request.url.raw_path == f"/admin/plugins/{PLUGIN_ID}/member/byEmail/john%2Bdoe%40example.com".encode()
    )
    assert request.headers["x-pluginlab-admin-sdk-secret"] == "admin-secret-xyz"
    assert request.headers["x-pluginlab-plugin-id"] == PLUGIN_ID


def test_missing_members_are_none(app: App, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(status_code=404, json={"message": "Member not found"}, is_reusable=True)
    assert app.get_auth().get_member_by_email("nobody@example.com") is None
    assert app.get_auth().get_member_by_id("mem_x") is None


def test_other_errors_are_typed_and_hide_the_secret(app: App, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(status_code=401, json={"message": "Invalid admin secret"})
    with pytest.raises(AuthenticationError) as caught:
        app.get_auth().get_member_by_id("mem_1")
    assert "admin-secret-xyz" not in str(caught.value) + repr(caught.value) + str(caught.value.headers)


def test_get_members_sends_no_cursor_when_there_is_none(app: App, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json={"items": [MEMBER], "total": 3, "nextPageToken": "cursor-2"})
    page = app.get_auth().get_members()
    assert (page.total, page.next_page_cursor, page.items[0].id) == (3, "cursor-2", "mem_1")
    request = httpx_mock.get_request()
    assert request is not None and dict(request.url.params) == {"limit": "50"}


@pytest.mark.parametrize("limit", [0, 101, -1])
def test_limit_out_of_range_sends_nothing(app: App, httpx_mock: HTTPXMock, limit: int) -> None:
    with pytest.raises(ValueError, match="limit"):
        app.get_auth().get_members(limit)
    assert httpx_mock.get_requests() == []


def test_iter_members_walks_every_page_lazily(app: App, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        json={"items": [MEMBER, MEMBER | {"id": "mem_2"}], "total": 3, "nextPageToken": "c2"}
    )
    httpx_mock.add_response(json={"items": [MEMBER | {"id": "mem_3"}], "total": 3, "nextPageToken": None})
    members = app.get_auth().iter_members(limit=2)
    assert next(members).id == "mem_1" and len(httpx_mock.get_requests()) == 1
    assert [m.id for m in members] == ["mem_2", "mem_3"]
    assert httpx_mock.get_requests()[1].url.params["startAfter"] == "c2"


def test_create_update_delete(app: App, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(status_code=201, json=MEMBER)
    httpx_mock.add_response(json=MEMBER | {"name": "John Doe"})
    httpx_mock.add_response(status_code=204)
    auth = app.get_auth()
    auth.create_member(
        email="john@example.com", password="12345", is_verified=True, metadata={"origin": "sdk"}
    )
    updated = auth.update_member(id="mem_1", name="John Doe", metadata={})
    assert updated.name == "John Doe"
    assert auth.delete_member(id="mem_1") is None
    create, update, delete = httpx_mock.get_requests()
    assert json.loads(create.content) == {
        "email": "john@example.com",
        "password": "12345",
        "isVerified": True,
        "metadata": {"origin": "sdk"},
    }
    assert json.loads(update.content) == {"name": "John Doe", "metadata": {}}
    assert (update.method, delete.method) == ("PATCH", "DELETE")


def test_identities(app: App, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        json={"google": {"provider": "google", "providerUserId": "g1", "accessToken": "ya29"}}
    )
    identities = app.get_auth().get_member_identities("mem_1")
    assert identities.google is not None and identities.google.access_token == "ya29"
    assert not identities.github


def test_quota_usage(app: App, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        url="https://monetization.pluginlab.ai/v1/admin/members/mem_1/quota-usage",
        json={
            "interval": "month",
            "isOverLimit": True,
            "isUnlimited": False,
            "resetInDays": 3,
            "usageCount": 120,
            "usageLimit": 100,
        },
    )
    usage = app.get_monetization().get_member_quota_usage("mem_1")
    assert (usage.is_over_limit, usage.reset_in_days, usage.usage_count, usage.usage_limit) == (
        True,
        3,
        120,
        100,
    )


def test_custom_event(app: App, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url="https://event.pluginlab.ai/events/create-custom", json={"id": "evt_1"})
    app.get_event().create_custom(
        event_source="WEB_UI", member_id="mem_1", location=EventLocation("US", "CA")
    )
    request = httpx_mock.get_request()
    assert request is not None and json.loads(request.content) == {
        "eventSource": "WEB_UI",
        "memberId": "mem_1",
        "location": {"countryCode": "US", "subdivisionCode": "CA"},
    }


def test_event_source_too_long_sends_nothing(app: App, httpx_mock: HTTPXMock) -> None:
    with pytest.raises(ValueError, match="limit is 10"):
        app.get_event().create_custom(event_source="ELEVENCHARS")
    assert httpx_mock.get_requests() == []


def test_offline_mode_answers_with_examples(httpx_mock: HTTPXMock) -> None:
    app = App("", PLUGIN_ID, offline=True)
    member = app.get_auth().get_member_by_id("mem_anything")
    assert member is not None and member.name == "John Doe"
    assert app.get_monetization().get_member_quota_usage("m").usage_count == 42
    assert app.get_event().create_custom("CLI").id == "evt_5f1c2e"
    assert httpx_mock.get_requests() == []
    assert "secret" not in repr(app)


async def test_async_app(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=MEMBER)
    httpx_mock.add_response(json={"items": [MEMBER], "total": 1})
    httpx_mock.add_response(
        json={"interval": "day", "isOverLimit": False, "isUnlimited": True, "resetInDays": 1, "usageCount": 0}
    )
    app = AsyncApp("s", PLUGIN_ID, http_client=httpx.AsyncClient())
    assert (await app.get_auth().get_member_by_id("mem_1")) is not None
    assert [m.id async for m in app.get_auth().iter_members()] == ["mem_1"]
    assert (await app.get_monetization().get_member_quota_usage("mem_1")).is_unlimited is True
    await app.aclose()
