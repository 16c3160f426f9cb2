"""A whole driver flow against a real local Metagov-shaped service."""

from __future__ import annotations

import threading

import pytest
from clientsuite.errors import BadRequestError
from clientsuite.metagov import AsyncMetagov, Backoff, ConcurrentChangeError, Metagov, MetagovValidationError

from tests.metagov.fake_metagov import FakeMetagov

Service = tuple[FakeMetagov, str]
FAST = Backoff(first=0.01, factor=1.5, cap=0.05)


def test_driver_flow(metagov_service: Service) -> None:
    fake, url = metagov_service
    with Metagov(url, backoff=FAST) as metagov:
        metagov.put_community(
            "c1", "c1", "Community One", plugins=[{"name": "tutorial", "config": {"api_key": "k"}}]
        )
        assert metagov.get_community("c1").readable_name == "Community One"
        assert metagov.perform_action("c1", "tutorial.times-two", {"value": 21}) == {"result": 42}
        vote = metagov.start_process(
            "c1", "tutorial.vote", {"title": "Adopt the charter?"}, callback_url="https://d/cb"
        )
        assert vote.status.value == "pending"
        done = metagov.wait_for_process("tutorial.vote", vote.id, timeout=5)
        assert done.status.value == "completed" and done.outcome is not None
        assert done.outcome["winner"] == "yes" and done.outcome["votes"] == {"yes": 12, "no": 3}
        assert fake.polls[vote.id] == 3
        closed = metagov.close_process("tutorial.vote", vote.id)
        assert closed.status.value == "completed"
        metagov.enable_plugin("c1", "slack", {})
        assert metagov.list_hooks("c1") == [f"{url}/api/hooks/c1/tutorial", f"{url}/api/hooks/c1/slack"]
        community = metagov.disable_plugin("c1", "tutorial")
        assert [p.name for p in community.plugins] == ["slack"]
        with pytest.raises(BadRequestError) as caught:
            metagov.perform_action("c1", "tutorial.times-two", {"value": 1})
        assert caught.value.json()["code"] == "plugin_not_enabled"
        metagov.delete_community("c1")
    assert "c1" not in fake.communities


def test_invalid_parameters_send_nothing(metagov_service: Service) -> None:
    fake, url = metagov_service
    with Metagov(url) as metagov:
        metagov.put_community("c1", "c1", plugins=[{"name": "tutorial", "config": {"api_key": "k"}}])
        with pytest.raises(MetagovValidationError) as caught:
            metagov.perform_action("c1", "tutorial.times-two", {"value": "five", "extra": 1})
        assert [str(v) for v in caught.value.violations] == ["$.value: 'five' is not of type 'integer'"]
        with pytest.raises(MetagovValidationError) as config_error:
            metagov.enable_plugin("c1", "tutorial", {"foo": 3})
        paths = sorted(v.path for v in config_error.value.violations)
        assert paths == ["$", "$.foo"]  # api_key missing at the root, foo of the wrong type
    assert fake.actions == []


def test_validation_can_be_turned_off(metagov_service: Service) -> None:
    _, url = metagov_service
    with Metagov(url, validate=False) as metagov:
        metagov.put_community("c1", "c1", plugins=[{"name": "tutorial", "config": {"api_key": "k"}}])
        with pytest.raises(BadRequestError):  # the service refuses it instead
            metagov.perform_action("c1", "tutorial.times-two", {"wrong": 1})


def test_enable_refuses_to_overwrite_a_concurrent_change(metagov_service: Service) -> None:
    fake, url = metagov_service
    with Metagov(url) as metagov:
        metagov.put_community("c1", "c1", plugins=[])
        original_read = metagov._read

        def read_then_someone_else_writes(slug: str):  # type: ignore[no-untyped-def]
            result = original_read(slug)
            fake.communities[slug]["plugins"].append({"name": "slack", "config": {}})
            return result

        metagov._read = read_then_someone_else_writes  # type: ignore[method-assign]
        with pytest.raises(ConcurrentChangeError):
            metagov.enable_plugin("c1", "tutorial", {"api_key": "k"})
    assert [p["name"] for p in fake.communities["c1"]["plugins"]] == ["slack"]


def test_parallel_enables_never_lose_an_update(metagov_service: Service) -> None:
    fake, url = metagov_service
    Metagov(url).put_community("c1", "c1", plugins=[])
    outcomes: list[str] = []

    def enable(name: str) -> None:
        with Metagov(url) as client:
            for _ in range(5):
                try:
                    client.enable_plugin("c1", name, {"api_key": "k"} if name == "tutorial" else {})
                    outcomes.append(name)
                    return
                except ConcurrentChangeError:
                    continue

    threads = [threading.Thread(target=enable, args=(n,)) for n in ("tutorial", "slack")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (
        sorted(p["name"] for p in fake.communities["c1"]["plugins"])
        == sorted(outcomes)
        == ["slack", "tutorial"]
    )


async def test_async_driver_flow(metagov_service: Service) -> None:
    _, url = metagov_service
    async with AsyncMetagov(url, backoff=FAST) as metagov:
        await metagov.put_community("c2", "c2", plugins=[{"name": "tutorial", "config": {"api_key": "k"}}])
        assert await metagov.perform_action("c2", "tutorial.times-two", {"value": 2}) == {"result": 4}
        vote = await metagov.start_process("c2", "tutorial.vote", {"title": "t"})
        done = await metagov.wait_for_process("tutorial.vote", vote.id, timeout=5)
        assert done.outcome is not None and done.outcome["winner"] == "yes"
        community = await metagov.enable_plugin("c2", "slack", {})
        assert len(community.plugins) == 2
        await metagov.disable_plugin("c2", "slack")
        assert await metagov.list_hooks("c2") == [f"{url}/api/hooks/c2/tutorial"]
        await metagov.delete_community("c2")
