"""Metagov with pytest-httpx: requests sent, answers read, errors, and waiting on a controllable clock."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from clientsuite.errors import BadRequestError, NotFoundError, ResponseValidationError
from clientsuite.metagov import (
    AsyncMetagov,
    Backoff,
    ConcurrentChangeError,
    Metagov,
    MetagovApiError,
    MetagovBadRequestError,
    ProcessTimeoutError,
    UnknownCapabilityError,
    hook_url,
    messages_from,
    new_webhook_slug,
    verify_hook_path,
)
from clientsuite.webhooks import WebhookVerificationError
from metagov_api.models import ProcessStatus
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
EMPTY = {"name": "c1", "readable_name": "", "plugins": []}
SLACK = {"name": "c1", "readable_name": "", "plugins": [{"name": "slack", "config": {}}]}


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


def test_put_community_body_and_created_flag(httpx_mock: HTTPXMock) -> None:
    stored = {"name": "c1", "readable_name": "C", "plugins": []}
    httpx_mock.add_response(status_code=201, json=stored)
    httpx_mock.add_response(status_code=200, json=stored)
    metagov = client()
    first = metagov.put_community("c1", "c1", "C", plugins=[{"name": "tutorial", "config": {"api_key": "k"}}])
    assert first.created and first.name == "c1" and first.to_dict() == stored
    assert not metagov.put_community("c1", "c1", "C").created
    request = httpx_mock.get_requests()[0]
    assert request.method == "PUT" and request.url.path == "/api/internal/community/c1"
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
    httpx_mock.add_response(status_code=404, content=b"", headers={"content-type": "text/html"})
    with pytest.raises(NotFoundError) as caught:
        client().get_community("nope")
    assert isinstance(caught.value, MetagovApiError) and caught.value.messages == []


@pytest.mark.parametrize(
    ("body", "messages"),
    [
        (b"[\"'question' is a required property\"]", ["'question' is a required property"]),
        (
            b'{"name": ["must match the slug"], "non_field_errors": ["bad"]}',
            ["name: must match the slug", "bad"],
        ),
        (b'{"detail": "Not found."}', ["Not found."]),
        (b"<h1>Server Error (500)</h1>", ["Server Error (500)"]),
        (b"", []),
    ],
)
def test_error_messages_from_every_body_shape(body: bytes, messages: list[str]) -> None:
    assert messages_from(body) == messages


def test_bad_request_keeps_its_class_and_gains_messages(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(status_code=400, json=["Plugin 'tutorial' is not enabled for community 'c1'"])
    with pytest.raises(BadRequestError) as caught:
        client().perform_action("c1", "tutorial.times-two", {"value": 1})
    assert isinstance(caught.value, MetagovBadRequestError) and caught.value.status_code == 400
    assert caught.value.messages == ["Plugin 'tutorial' is not enabled for community 'c1'"]


def test_start_process_sends_top_level_parameters_and_reads_location(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(status_code=202, headers={"Location": "/api/internal/process/tutorial.vote/42"})
    handle = client().start_process("c1", "tutorial.vote", {"question": "q?"}, callback_url="https://d/cb")
    assert (handle.id, handle.process, handle.community) == (42, "tutorial.vote", "c1")
    request = httpx_mock.get_request()
    assert request is not None and request.headers["x-metagov-community"] == "c1"
    assert json.loads(request.content) == {"question": "q?", "callback_url": "https://d/cb"}


def test_start_process_reads_an_absolute_location(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        status_code=202, headers={"Location": f"{BASE}/api/internal/process/tutorial.vote/5/"}
    )
    assert client().start_process("c1", "tutorial.vote", {}).id == 5


@pytest.mark.parametrize(
    "headers", [{}, {"Location": "/api/internal/process/other.vote/5"}, {"Location": "/somewhere/else"}]
)
def test_start_process_needs_its_location(httpx_mock: HTTPXMock, headers: dict[str, str]) -> None:
    httpx_mock.add_response(status_code=202, headers=headers)
    with pytest.raises(ResponseValidationError, match="Location"):
        client().start_process("c1", "tutorial.vote", {"question": "q?"})


def test_callback_url_is_not_a_parameter() -> None:
    with pytest.raises(ValueError, match="callback_url"):
        client().start_process("c1", "tutorial.vote", {"callback_url": "https://d/cb"})


def test_wait_completes_with_backoff(httpx_mock: HTTPXMock) -> None:
    for body in (PENDING | {"status": "created"}, PENDING, PENDING, DONE):
        httpx_mock.add_response(json=body)
    fake = FakeTime()
    done = client(fake, backoff=Backoff(first=1, factor=2, cap=3)).wait_for_process(
        "tutorial.vote", 7, timeout=60
    )
    assert done.status is ProcessStatus.COMPLETED and ProcessStatus("created") is ProcessStatus.CREATED
    assert fake.sleeps == [1, 2, 3]


def test_wait_times_out_with_last_status(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=PENDING, is_reusable=True)
    fake = FakeTime()
    with pytest.raises(ProcessTimeoutError) as caught:
        client(fake).wait_for_process("tutorial.vote", 7, timeout=10)
    assert caught.value.last is not None and caught.value.last.status.value == "pending"
    assert sum(fake.sleeps) == pytest.approx(10)
    assert "still pending" in str(caught.value)


def test_each_poll_gets_only_what_is_left_of_the_wait(httpx_mock: HTTPXMock) -> None:
    # 503 is retried for every request by the runtime: one request per poll shows polls are not retried
    httpx_mock.add_response(status_code=503, json={}, is_reusable=True)
    fake = FakeTime()
    metagov = Metagov(
        BASE, validate=False, max_retries=3, clock=fake.clock, sleep=fake.sleep, backoff=Backoff(4, 1, 4)
    )
    with pytest.raises(ProcessTimeoutError):
        metagov.wait_for_process("tutorial.vote", 7, timeout=10)
    requests = httpx_mock.get_requests()
    assert [r.extensions["timeout"]["read"] for r in requests] == [10, 6, 2]
    assert len(requests) == 3  # the wait retries, not each poll


def test_wait_survives_a_server_error_in_the_middle(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=PENDING)
    httpx_mock.add_response(status_code=503, json={"detail": "busy"})
    httpx_mock.add_exception(httpx.ConnectError("refused"))
    httpx_mock.add_response(json=DONE)
    fake = FakeTime()
    metagov = Metagov(BASE, validate=False, clock=fake.clock, sleep=fake.sleep, max_retries=0)
    assert metagov.wait_for_process("tutorial.vote", 7).outcome["winner"] == "yes"  # type: ignore[index]
    assert len(fake.sleeps) == 3


def test_enable_without_etag_rereads_writes_and_verifies(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(method="GET", json=SLACK)
    httpx_mock.add_response(method="GET", json=SLACK)
    with_tutorial = SLACK | {"plugins": SLACK["plugins"] + [{"name": "tutorial", "config": {"api_key": "k"}}]}
    httpx_mock.add_response(method="PUT", json=with_tutorial)
    httpx_mock.add_response(method="GET", json=with_tutorial)
    community = client().enable_plugin("c1", "tutorial", {"api_key": "k"})
    assert [p.name for p in community.plugins] == ["slack", "tutorial"] and not community.created
    requests = httpx_mock.get_requests()
    assert [r.method for r in requests] == ["GET", "GET", "PUT", "GET"]
    assert "if-match" not in requests[2].headers


def test_a_service_that_fills_in_defaults_is_not_another_writer(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(method="GET", json=EMPTY)
    httpx_mock.add_response(method="GET", json=EMPTY)
    normalized = EMPTY | {"plugins": [{"name": "tutorial", "config": {"api_key": "k", "foo": "bar"}}]}
    httpx_mock.add_response(method="PUT", json=normalized)
    httpx_mock.add_response(method="GET", json=normalized)
    community = client().enable_plugin("c1", "tutorial", {"api_key": "k"})
    assert community.plugins[0].config == {"api_key": "k", "foo": "bar"}


def test_a_change_before_the_write_stops_it(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=EMPTY)
    httpx_mock.add_response(json=SLACK)
    with pytest.raises(ConcurrentChangeError) as caught:
        client().enable_plugin("c1", "tutorial", {})
    assert not caught.value.written
    assert [r.method for r in httpx_mock.get_requests()] == ["GET", "GET"]


def test_a_change_after_the_write_is_reported(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(method="GET", json=EMPTY)
    httpx_mock.add_response(method="GET", json=EMPTY)
    httpx_mock.add_response(method="PUT", json=EMPTY)
    httpx_mock.add_response(method="GET", json=SLACK)  # someone else's write landed after ours
    with pytest.raises(ConcurrentChangeError) as caught:
        client().disable_plugin("c1", "tutorial")
    assert caught.value.written and caught.value.plugins == ["slack"]
    assert "api_key" not in str(caught.value)


def test_enable_with_etag_sends_if_match(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=SLACK, headers={"ETag": '"v1"'})
    httpx_mock.add_response(json=EMPTY)
    client().enable_plugin("c1", "tutorial", {"api_key": "k"})
    put = httpx_mock.get_requests()[1]
    assert put.headers["if-match"] == '"v1"'
    assert [p["name"] for p in json.loads(put.content)["plugins"]] == ["slack", "tutorial"]
    assert len(httpx_mock.get_requests()) == 2  # a versioned write needs no check afterwards


def test_412_becomes_concurrent_change(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=EMPTY, headers={"ETag": '"v1"'})
    httpx_mock.add_response(status_code=412, json={"detail": "changed"})
    with pytest.raises(ConcurrentChangeError):
        client().disable_plugin("c1", "tutorial")


def test_catalogue_is_cached_and_checks_names(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        url=f"{BASE}/api/internal/plugin-schemas", json={"tutorial": {}}, is_optional=True
    )
    httpx_mock.add_response(
        url=f"{BASE}/api/internal/community/c/actions",
        json={"actions": [{"id": "tutorial.x", "parameters_schema": None, "response_schema": None}]},
    )
    httpx_mock.add_response(url=f"{BASE}/api/internal/action/tutorial.x", json={"ok": 1}, is_reusable=True)
    metagov = Metagov(BASE)
    metagov.perform_action("c", "tutorial.x", {})
    metagov.perform_action("c", "tutorial.x", {})
    with pytest.raises(UnknownCapabilityError):
        metagov.perform_action("c", "tutorial.unknown", {})
    paths = [r.url.path for r in httpx_mock.get_requests()]
    assert paths.count("/api/internal/community/c/actions") == 1
    assert paths.count("/api/internal/action/tutorial.x") == 2


def test_offline_examples(httpx_mock: HTTPXMock) -> None:
    metagov = Metagov(offline=True)
    community = metagov.put_community("my-community-1234", "my-community-1234")
    assert community.name == "my-community-1234" and not community.created
    assert metagov.perform_action("my-community-1234", "tutorial.times-two", {"value": 5}) == {"result": 10}
    process = metagov.start_process("my-community-1234", "tutorial.my-gov-process", {"title": "t"})
    assert process.id == 7
    assert metagov.wait_for_process("tutorial.my-gov-process", process.id).status.value == "completed"
    assert metagov.list_hooks("my-community-1234") == ["/api/hooks/my-community-1234/tutorial"]
    metagov.delete_community("my-community-1234")
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
    timeouts = [r.extensions["timeout"]["read"] for r in httpx_mock.get_requests()]
    assert timeouts[0] == 3 and timeouts == sorted(timeouts, reverse=True)
    await metagov.aclose()
