"""Against a local Channels-compatible server that checks every signature with the app secret."""

from __future__ import annotations

import asyncio
import base64
import json
import os
from urllib.parse import urlsplit

import pytest
from clientsuite.errors import AuthenticationError, InternalServerError
from clientsuite.pusher import AsyncPusher, Pusher

from tests.pusher.fake_channels import FakeChannels

Server = tuple[FakeChannels, str]


def connect(url: str, cls: type[Pusher] | type[AsyncPusher] = Pusher, **options: object) -> Pusher:
    parts = urlsplit(url)
    return cls(  # type: ignore[return-value]
        "123", "app-key", "app-secret-value", host=parts.hostname, port=parts.port, ssl=False, **options
    )


def test_trigger_and_batch_are_accepted(channels_server: Server) -> None:
    fake, url = channels_server
    client = connect(url)
    client.trigger(["a", "b"], "ev", {"n": 1}, "1.2")
    client.trigger_batch([{"channel": "c", "name": "ev2", "data": "x"}])
    assert [(e["channel"], e["name"], e["data"]) for e in fake.events] == [
        ("a", "ev", '{"n": 1}'),
        ("b", "ev", '{"n": 1}'),
        ("c", "ev2", "x"),
    ]


def test_encrypted_trigger_round_trip(channels_server: Server) -> None:
    fake, url = channels_server
    client = connect(url, encryption_master_key_base64=base64.b64encode(os.urandom(32)).decode())
    client.trigger("private-encrypted-vault", "ev", {"pin": "0000"})
    received = fake.events[-1]["data"]
    assert "0000" not in received
    assert json.loads(client.decrypt("private-encrypted-vault", received)) == {"pin": "0000"}


def test_channel_queries(channels_server: Server) -> None:
    _, url = channels_server
    client = connect(url)
    assert client.channels_info("presence-", ["user_count"]) == {
        "channels": {"presence-room": {"user_count": 2}}
    }
    assert client.channel_info("private-a", ["subscription_count"]) == {
        "occupied": True,
        "subscription_count": 1,
    }
    assert client.users_info("presence-room")["users"][0] == {"id": "1035"}
    assert client.trigger("presence-room", "ev", {}, info=["user_count"]) == {
        "channels": {"presence-room": {"user_count": 2}}
    }


def test_terminate(channels_server: Server) -> None:
    fake, url = channels_server
    connect(url).terminate_user_connections("user-7")
    assert fake.terminated == ["user-7"]


def test_5xx_then_success_is_retried_for_queries(channels_server: Server) -> None:
    fake, url = channels_server
    fake.failures.extend([503])
    assert connect(url).channel_info("presence-room")["occupied"] is True
    assert fake.requests == 2


def test_trigger_is_not_repeated_after_a_500(channels_server: Server) -> None:
    fake, url = channels_server
    fake.failures.extend([500])
    with pytest.raises(InternalServerError):
        connect(url).trigger("a", "ev", {})
    assert fake.requests == 1 and fake.events == []


def test_trigger_retried_after_429(channels_server: Server) -> None:
    fake, url = channels_server
    fake.failures.extend([429])
    connect(url).trigger("a", "ev", {})
    assert fake.requests == 2 and len(fake.events) == 1


def test_wrong_secret_is_refused_by_the_server(channels_server: Server) -> None:
    _, url = channels_server
    parts = urlsplit(url)
    client = Pusher("123", "app-key", "wrong-secret", host=parts.hostname, port=parts.port, ssl=False)
    with pytest.raises(AuthenticationError) as caught:
        client.trigger("a", "ev", {})
    assert "wrong-secret" not in str(caught.value)


async def test_async_concurrent_triggers(channels_server: Server) -> None:
    fake, url = channels_server
    async with connect(url, AsyncPusher) as client:  # type: ignore[attr-defined]
        await asyncio.gather(*(client.trigger("a", "ev", {"n": n}) for n in range(32)))
        assert (await client.channel_info("presence-room"))["occupied"] is True
    assert sorted(json.loads(e["data"])["n"] for e in fake.events) == list(range(32))


async def test_coalesced_triggers_go_out_in_batches(channels_server: Server) -> None:
    fake, url = channels_server
    async with connect(url, AsyncPusher, coalesce=True) as client:  # type: ignore[attr-defined]
        triggers = (client.trigger(["a", "b"] if n == 0 else "a", "ev", {"n": n}) for n in range(32))
        results = await asyncio.gather(*triggers)
    assert results == [{}] * 32
    # n=0 went to two channels
    assert sorted(json.loads(e["data"])["n"] for e in fake.events) == [0, *range(32)]
    assert {e["channel"] for e in fake.events if json.loads(e["data"])["n"] == 0} == {"a", "b"}
    assert fake.requests <= 8  # batches of up to 10 events, not 32 requests


async def test_a_refused_batch_fails_each_of_its_triggers(channels_server: Server) -> None:
    fake, url = channels_server
    fake.failures.extend([500] * 10)
    async with connect(url, AsyncPusher, coalesce=True) as client:  # type: ignore[attr-defined]
        triggers = (client.trigger("a", "ev", n) for n in range(5))
        outcomes = await asyncio.gather(*triggers, return_exceptions=True)
    assert outcomes and all(isinstance(o, InternalServerError) for o in outcomes)
    assert fake.events == []
