"""Metagov with pytest-httpx: requests sent, errors, and waiting on a controllable clock."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from clientsuite.errors import NotFoundError
from clientsuite.metagov import (
    AsyncMetagov,
    Backoff,
    ConcurrentChangeError,
    Metagov,
    ProcessTimeoutError,
    UnknownCapabilityError,
    hook_url,
    new_webhook_slug,
    verify_hook_path,
)
from clientsuite.webhooks import WebhookVerificationError
from pytest_httpx import HTTPXMock

BASE = "http://metagov.test"
PENDING = {
    "id": 7,
    "name": "tutorial.vote",
    "community": "c1",
    "status": "pending",
    "errors": {},
    "outcome": None,
}
DONE = PENDING | {"status": "completed", "outcome": {"winner": "yes"}}


class FakeTime:
    """A clock that only moves when the client sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def client(fake_time: FakeTime | None = None, **options: Any) -> Metagov:
    time_options: dict[str, Any] = {"clock": fake_time.clock, "sleep": fake_time.sleep} if fake_time else {}
    return Metagov(BASE, validate=False, max_retries=0, **time_options, **options)


def test_put_community_body(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json={"name": "c1", "readable_name": "C", "plugins": []})
    client().put_community("c1", "c1", "C", plugins=[{"name": "tutorial", "config": {"api_key": "k"}}])
    request = httpx_mock.get_request()
    assert (
        request is not None and request.method == "PUT" and request.url.path == "/api/internal/community/c1"
    )
    assert json.loads(request.content) == {
        "name": "c1",
        "readable_name": "C",
        "plugins": [{"name": "tutorial", "config": {"api_key": "k"}}],
    }


def test_action_path_and_community_header(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json={"ok": True})
    assert client().perform_action("c1", "slack.post-message", {"text": "hi"}) == {"ok": True}
    request = httpx_mock.get_request()
    assert request is not None
    assert request.url.path == "/api/internal/action/slack.post-message"
    assert request.headers["x-metagov-community"] == "c1"
    assert json.loads(request.content) == {"parameters": {"text": "hi"}}


@pytest.mark.parametrize("name", ["noplugin", ".x", "x."])
def test_names_must_be_qualified(name: str) -> None:
    with pytest.raises(ValueError, match="plugin"):
        client().perform_action("c1", name, {})


def test_not_found_is_typed(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(status_code=404, json={"detail": "Not found."})
    with pytest.raises(NotFoundError):
        client().get_community("nope")


def test_wait_completes_with_backoff(httpx_mock: HTTPXMock) -> None:
    for body in (PENDING, PENDING, PENDING, DONE):
        httpx_mock.add_response(json=body)
    fake = FakeTime()
    done = client(fake, backoff=Backoff(first=1, factor=2, cap=3)).wait_for_process(
        "tutorial.vote", 7, timeout=60
    )
    assert done.status.value == "completed"
    assert fake.sleeps == [1, 2, 3]


def test_wait_times_out_with_last_status(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=PENDING, is_reusable=True)
    fake = FakeTime()
    with pytest.raises(ProcessTimeoutError) as caught:
        client(fake).wait_for_process("tutorial.vote", 7, timeout=10)
    assert caught.value.last is not None and caught.value.last.status.value == "pending"
    assert sum(fake.sleeps) == pytest.approx(10)
    assert "still pending" in str(caught.value)


def test_wait_survives_a_server_error_in_the_middle(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=PENDING)
    httpx_mock.add_response(status_code=503, json={"detail": "busy"})
    httpx_mock.add_exception(httpx.ConnectError("refused"))
    httpx_mock.add_response(json=DONE)
    fake = FakeTime()
    metagov = Metagov(BASE, validate=False, clock=fake.clock, sleep=fake.sleep, max_retries=0)
    assert metagov.wait_for_process("tutorial.vote", 7).outcome["winner"] == "yes"  # type: ignore[index]
    assert len(fake.sleeps) == 3


def test_enable_without_etag_rereads_before_writing(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json={"name": "c1", "plugins": []})
    httpx_mock.add_response(json={"name": "c1", "plugins": [{"name": "slack", "config": {}}]})
    with pytest.raises(ConcurrentChangeError):
        client().enable_plugin("c1", "tutorial", {})
    assert [r.method for r in httpx_mock.get_requests()] == ["GET", "GET"]


def test_enable_with_etag_sends_if_match(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        json={"name": "c1", "plugins": [{"name": "slack", "config": {}}]}, headers={"ETag": '"v1"'}
    )
    httpx_mock.add_response(json={"name": "c1", "plugins": []})
    client().enable_plugin("c1", "tutorial", {"api_key": "k"})
    put = httpx_mock.get_requests()[1]
    assert put.headers["if-match"] == '"v1"'
    assert [p["name"] for p in json.loads(put.content)["plugins"]] == ["slack", "tutorial"]


def test_412_becomes_concurrent_change(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json={"name": "c1", "plugins": []}, headers={"ETag": '"v1"'})
    httpx_mock.add_response(status_code=412, json={"detail": "changed"})
    with pytest.raises(ConcurrentChangeError):
        client().disable_plugin("c1", "tutorial")


def test_catalogue_is_fetched_once_and_checks_names(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        url=f"{BASE}/api/internal/plugins",
        json={
            "plugins": [
                {"name": "tutorial", "config_schema": {}, "actions": [{"id": "tutorial.x"}], "processes": []}
            ]
        },
    )
    httpx_mock.add_response(json={"ok": 1}, is_reusable=True)
    metagov = Metagov(BASE)
    metagov.perform_action("c", "tutorial.x", {})
    metagov.perform_action("c", "tutorial.x", {})
    with pytest.raises(UnknownCapabilityError):
        metagov.perform_action("c", "tutorial.unknown", {})
    assert len([r for r in httpx_mock.get_requests() if r.url.path.endswith("/plugins")]) == 1


def test_offline_examples(httpx_mock: HTTPXMock) -> None:
    metagov = Metagov(offline=True)
    assert metagov.get_community("anything").name == "my-community-1234"
    process = metagov.start_process("my-community-1234", "tutorial.my-gov-process", {"title": "t"})
    assert metagov.wait_for_process("tutorial.my-gov-process", process.id).status.value == "completed"
    assert httpx_mock.get_requests() == []


def test_hook_urls_and_slug_check() -> None:
    slug = new_webhook_slug()
    assert len(slug) >= 40 and slug != new_webhook_slug()
    url = hook_url("http://m:8000/", "c1", "github", slug)
    assert url == f"http://m:8000/api/hooks/c1/github/{slug}"
    assert Metagov("http://m:8000").hook_url("c1", "github") == "http://m:8000/api/hooks/c1/github"
    verify_hook_path(f"/api/hooks/c1/github/{slug}", "c1", "github", slug)
    with pytest.raises(WebhookVerificationError):
        verify_hook_path("/api/hooks/c1/github/guess", "c1", "github", slug)


def test_hook_check_with_framework_requests(django_settings: None) -> None:
    import flask
    from django.test import RequestFactory

    slug = new_webhook_slug()
    request = RequestFactory().post(
        f"/api/hooks/c1/loomio/{slug}", data=b"{}", content_type="application/json"
    )
    verify_hook_path(request, "c1", "loomio", slug)
    app = flask.Flask(__name__)
    with app.test_request_context(f"/api/hooks/c1/loomio/{slug}/", method="POST"):
        verify_hook_path(flask.request, "c1", "loomio", slug)
    with pytest.raises(WebhookVerificationError):
        verify_hook_path(request, "c2", "loomio", slug)


def test_retry_config_is_respected(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(status_code=503)
    httpx_mock.add_response(json={"hooks": []})
    assert Metagov(BASE, max_retries=1).list_hooks("c1") == []


async def test_async_wait_times_out(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=PENDING, is_reusable=True)
    fake = FakeTime()

    async def sleep(seconds: float) -> None:
        fake.sleep(seconds)

    metagov = AsyncMetagov(
        BASE, validate=False, clock=fake.clock, sleep=sleep, http_client=httpx.AsyncClient()
    )
    with pytest.raises(ProcessTimeoutError):
        await metagov.wait_for_process("tutorial.vote", 7, timeout=3)
    await metagov.aclose()
