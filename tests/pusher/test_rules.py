from __future__ import annotations

import json

import pytest
from clientsuite.pusher import rules


@pytest.mark.parametrize("name", ["a_channel", "presence-room", "private-x=@,.;", "#server-to-user-42"])
def test_valid_channels(name: str) -> None:
    assert rules.channel(name) == name


@pytest.mark.parametrize("name", ["", "has space", "emoji-😀", "a" * 201, "#server-to-user-", "#other"])
def test_invalid_channels(name: str) -> None:
    with pytest.raises(ValueError):
        rules.channel(name)


def test_channel_type_error() -> None:
    with pytest.raises(TypeError):
        rules.channel(42)


def test_channel_limits() -> None:
    assert rules.channels("one") == ["one"]
    assert len(rules.channels([f"c{i}" for i in range(100)])) == 100
    with pytest.raises(ValueError, match="limit is 100"):
        rules.channels([f"c{i}" for i in range(101)])
    with pytest.raises(ValueError, match="on its own"):
        rules.channels(["private-encrypted-a", "b"])
    with pytest.raises(ValueError):
        rules.channels([])


def test_event_name_limit() -> None:
    assert rules.event_name("e" * 200)
    with pytest.raises(ValueError, match="limit is 200"):
        rules.event_name("e" * 201)


@pytest.mark.parametrize("socket_id", ["1234.12", "1.1"])
def test_socket_ids(socket_id: str) -> None:
    assert rules.socket_id(socket_id) == socket_id


@pytest.mark.parametrize("socket_id", ["1234", "a.b", "1.2.3", "1.2\n", ""])
def test_bad_socket_ids(socket_id: str) -> None:
    with pytest.raises(ValueError):
        rules.socket_id(socket_id)


def test_data_text_and_size() -> None:
    assert rules.data_text("raw", None) == "raw"
    assert json.loads(rules.data_text({"a": 1}, None)) == {"a": 1}
    with pytest.raises(TypeError):
        rules.data_text({"a": object()}, None)
    rules.check_size("x" * 10240, 10240)
    with pytest.raises(ValueError, match="10241 bytes"):
        rules.check_size("x" * 10241, 10240)


def test_batch_size() -> None:
    rules.batch_size(10)
    with pytest.raises(ValueError, match="limit is 10"):
        rules.batch_size(11)
