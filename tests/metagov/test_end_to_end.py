"""The driver flow of docs/metagov.md against a service that behaves like the real Metagov."""

from __future__ import annotations

import time

import pytest
from clientsuite.errors import BadRequestError, NotFoundError
from clientsuite.metagov import (
    AsyncMetagov,
    Backoff,
    ConcurrentChangeError,
    Metagov,
    MetagovBadRequestError,
    MetagovValidationError,
    ProcessTimeoutError,
    UnknownCapabilityError,
)

from tests.metagov.fake_metagov import FakeMetagov

Service = tuple[FakeMetagov, str]
FAST = Backoff(first=0.01, factor=1.5, cap=0.05)
TUTORIAL = {"name": "tutorial", "config": {"api_key": "k"}}


def test_driver_flow(metagov_service: Service) -> None:
    fake, url = metagov_service
    # validation on (the default); no retries, so that nothing hides a broken connection
    with Metagov(url, backoff=FAST, max_retries=0) as metagov:
        created = metagov.put_community("c1", "c1", "Community One", plugins=[TUTORIAL])
        assert created.created and created.readable_name == "Community One"
        replaced = metagov.put_community("c1", "c1", "Community 1", plugins=[TUTORIAL])
        assert not replaced.created and metagov.get_community("c1").readable_name == "Community 1"
        assert metagov.perform_action("c1", "tutorial.times-two", {"value": 21}) == {"result": 42}

        vote = metagov.start_process(
            "c1", "tutorial.vote", {"question": "Adopt?"}, callback_url="https://d/cb"
        )
        assert fake.process_bodies[-1] == {"question": "Adopt?", "callback_url": "https://d/cb"}
        assert (vote.process, vote.id, vote.location) == (
            "tutorial.vote",
            1,
            "/api/internal/process/tutorial.vote/1",
        )
        assert metagov.get_process("tutorial.vote", vote.id).status.value == "pending"  # was "created"
        done = metagov.wait_for_process("tutorial.vote", vote.id, timeout=5)
        assert done.status.value == "completed" and done.outcome is not None
        assert done.outcome["winner"] == "yes" and done.outcome["votes"] == {"yes": 12, "no": 3}
        with pytest.raises(MetagovBadRequestError) as closed_twice:
            metagov.close_process("tutorial.vote", vote.id)
        assert closed_twice.value.messages == ["Can't close process, it has status completed"]

        early = metagov.start_process("c1", "tutorial.vote", {"question": "Again?"})
        fake.polls_to_complete = 10**6
        with pytest.raises(ProcessTimeoutError) as waited:
            metagov.wait_for_process("tutorial.vote", early.id, timeout=0.2)
        assert waited.value.last is not None and waited.value.last.status.value == "pending"
        closed = metagov.close_process("tutorial.vote", early.id)
        assert closed.status.value == "completed" and closed.outcome is not None

        metagov.enable_plugin("c1", "slack", {})
        assert metagov.list_hooks("c1") == ["/api/hooks/c1/tutorial", "/api/hooks/c1/slack"]
        community = metagov.disable_plugin("c1", "tutorial")
        assert [p.name for p in community.plugins] == ["slack"] and not community.created
        with pytest.raises(BadRequestError) as refused:  # not enabled: the server says so
            metagov.perform_action("c1", "tutorial.times-two", {"value": 1})
        assert refused.value.messages == ["Plugin 'tutorial' is not enabled for community 'c1'"]  # type: ignore[attr-defined]

        metagov.delete_community("c1")  # 204 with a stray body
        assert "c1" not in fake.communities
        with pytest.raises(NotFoundError) as gone:  # one more call on the same client
            metagov.get_community("c1")
        assert gone.value.messages == []  # type: ignore[attr-defined]
        assert metagov.put_community("c2", "c2", plugins=[]).created
    assert fake.requests.count("DELETE /api/internal/community/c1") == 1


async def test_async_driver_flow(metagov_service: Service) -> None:
    fake, url = metagov_service
    async with AsyncMetagov(url, backoff=FAST, max_retries=0) as metagov:
        assert (await metagov.put_community("c2", "c2", plugins=[TUTORIAL])).created
        assert await metagov.perform_action("c2", "tutorial.times-two", {"value": 2}) == {"result": 4}
        vote = await metagov.start_process("c2", "tutorial.vote", {"question": "t"})
        done = await metagov.wait_for_process("tutorial.vote", vote.id, timeout=5)
        assert done.outcome is not None and done.outcome["winner"] == "yes"
        with pytest.raises(MetagovBadRequestError):
            await metagov.close_process("tutorial.vote", vote.id)
        early = await metagov.start_process("c2", "tutorial.vote", {"question": "early"})
        assert (await metagov.close_process("tutorial.vote", early.id)).status.value == "completed"
        community = await metagov.enable_plugin("c2", "slack", {})
        assert len(community.plugins) == 2
        await metagov.disable_plugin("c2", "tutorial")
        assert await metagov.list_hooks("c2") == ["/api/hooks/c2/slack"]
        with pytest.raises(MetagovBadRequestError) as refused:
            await metagov.perform_action("c2", "tutorial.times-two", {"value": 1})
        assert "not enabled" in refused.value.messages[0]
        await metagov.delete_community("c2")  # aiohttp rejects the answer whole; the client checks
        assert "c2" not in fake.communities
        with pytest.raises(NotFoundError):  # one more call on the same client
            await metagov.get_community("c2")
        assert (await metagov.put_community("c3", "c3")).created
    assert fake.requests.count("DELETE /api/internal/community/c2") == 1  # never sent twice


def test_wait_keeps_its_deadline_against_a_hanging_server(metagov_service: Service) -> None:
    fake, url = metagov_service
    fake.hang_polls = True
    with Metagov(url, timeout=0.5, max_retries=2, backoff=FAST) as metagov:
        started = time.monotonic()
        with pytest.raises(ProcessTimeoutError):
            metagov.wait_for_process("tutorial.vote", 1, timeout=1.0)
        assert time.monotonic() - started < 1.3  # was 2.7 s: 0.5 s per attempt, and retries


async def test_async_wait_keeps_its_deadline_against_a_hanging_server(metagov_service: Service) -> None:
    fake, url = metagov_service
    fake.hang_polls = True
    async with AsyncMetagov(url, timeout=0.5, max_retries=2, backoff=FAST) as metagov:
        started = time.monotonic()
        with pytest.raises(ProcessTimeoutError):
            await metagov.wait_for_process("tutorial.vote", 1, timeout=0.8)
        assert time.monotonic() - started < 1.1


def test_invalid_input_sends_nothing(metagov_service: Service) -> None:
    fake, url = metagov_service
    with Metagov(url) as metagov:
        metagov.put_community("c1", "c1", plugins=[TUTORIAL])
        with pytest.raises(MetagovValidationError) as caught:
            metagov.perform_action("c1", "tutorial.times-two", {"value": "five", "extra": 1})
        assert [str(v) for v in caught.value.violations] == ["$.value: 'five' is not of type 'integer'"]
        with pytest.raises(MetagovValidationError):
            metagov.start_process("c1", "tutorial.vote", {"title": "no question"})
        with pytest.raises(MetagovValidationError) as config_error:
            metagov.enable_plugin("c1", "tutorial", {"foo": 3})
        assert sorted(v.path for v in config_error.value.violations) == ["$", "$.foo"]
        with pytest.raises(MetagovValidationError) as secret_error:
            metagov.put_community("c1", "c1", plugins=[{"name": "tutorial", "config": {"api_key": 98765}}])
        assert [str(v) for v in secret_error.value.violations] == [
            "$.api_key: the value is not of type 'string'"
        ]
        assert "98765" not in f"{secret_error.value!s} {secret_error.value!r} {vars(secret_error.value)}"
        with pytest.raises(UnknownCapabilityError):
            metagov.perform_action("c1", "tutorial.times-three", {})  # the plugin is enabled: a typo
        with pytest.raises(UnknownCapabilityError):
            metagov.perform_action("c1", "nosuchplugin.x", {})
    assert fake.actions == [] and fake.process_bodies == []
    assert fake.requests.count("GET /api/internal/plugin-schemas") == 1  # once per client
    assert fake.requests.count("GET /api/internal/community/c1/actions") == 2  # plus one refresh


def test_the_server_validates_too(metagov_service: Service) -> None:
    _, url = metagov_service
    with Metagov(url, validate=False) as metagov:
        with pytest.raises(MetagovBadRequestError) as caught:
            metagov.put_community("c1", "other-name")
        assert caught.value.messages == ["name: Community name must match the slug in the URL"]
        metagov.put_community("c1", "c1", plugins=[TUTORIAL])
        with pytest.raises(MetagovBadRequestError) as wrapped:
            metagov.perform_action("c1", "tutorial.times-two", {"wrong": 1})
        assert wrapped.value.messages == ["'value' is a required property"]


def test_the_catalogue_follows_plugin_changes(metagov_service: Service) -> None:
    _, url = metagov_service
    with Metagov(url) as metagov:
        metagov.put_community("c1", "c1", plugins=[{"name": "slack", "config": {}}])
        assert metagov.capabilities("action", "c1").by_id == {}
        metagov.enable_plugin("c1", "tutorial", {"api_key": "k"})
        assert metagov.perform_action("c1", "tutorial.times-two", {"value": 1}) == {"result": 2}
        assert [e["event_type"] for e in metagov.list_events("c1")] == ["post_created"]


def test_a_write_after_ours_is_detected(metagov_service: Service) -> None:
    fake, url = metagov_service
    with Metagov(url) as metagov:
        metagov.put_community("c1", "c1", plugins=[])
        fake.after_next_put = lambda: fake.communities["c1"].update(plugins=[{"name": "slack", "config": {}}])
        with pytest.raises(ConcurrentChangeError) as caught:
            metagov.enable_plugin("c1", "tutorial", {"api_key": "k"})
        assert caught.value.written and caught.value.plugins == ["slack"]
        assert "api_key" not in repr(vars(caught.value))


def test_a_write_before_ours_is_not_overwritten(metagov_service: Service) -> None:
    fake, url = metagov_service
    with Metagov(url) as metagov:
        metagov.put_community("c1", "c1", plugins=[])
        original_read = metagov._read

        def read_then_someone_else_writes(slug: str):  # type: ignore[no-untyped-def]
            result = original_read(slug)
            fake.communities[slug]["plugins"].append({"name": "slack", "config": {}})
            return result

        metagov._read = read_then_someone_else_writes  # type: ignore[method-assign]
        with pytest.raises(ConcurrentChangeError) as caught:
            metagov.enable_plugin("c1", "tutorial", {"api_key": "k"})
        assert not caught.value.written
    assert [p["name"] for p in fake.communities["c1"]["plugins"]] == ["slack", "slack"]
    assert fake.requests.count("PUT /api/internal/community/c1") == 1  # only the first put_community
