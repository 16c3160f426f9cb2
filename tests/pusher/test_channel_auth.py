from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os

import pytest
from clientsuite.pusher.channel_auth import authenticate, authenticate_user

KEY, SECRET = "278d425bdf160c739803", "7ad3773142a6692b25b8"


def test_private_channel_fixed_vector() -> None:
    auth = authenticate(KEY, SECRET, "private-foobar", "1234.1234")
    assert auth == {"auth": f"{KEY}:58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4"}


def test_presence_channel_signs_channel_data() -> None:
    data = {"user_id": "10", "user_info": {"name": "Mr. Channels"}}
    auth = authenticate(KEY, SECRET, "presence-foobar", "1234.1234", data)
    channel_data = json.dumps(data)
    expected = hmac.new(
        SECRET.encode(), f"1234.1234:presence-foobar:{channel_data}".encode(), hashlib.sha256
    ).hexdigest()
    assert auth == {"auth": f"{KEY}:{expected}", "channel_data": channel_data}


def test_presence_needs_user_id() -> None:
    with pytest.raises(ValueError, match="user_id"):
        authenticate(KEY, SECRET, "presence-x", "1.1", {"name": "x"})
    with pytest.raises(ValueError, match="user_id"):
        authenticate(KEY, SECRET, "presence-x", "1.1")


def test_encrypted_channel_returns_shared_secret() -> None:
    master = os.urandom(32)
    auth = authenticate(KEY, SECRET, "private-encrypted-x", "1.1", master_key=master)
    assert base64.b64decode(auth["shared_secret"]) == hashlib.sha256(b"private-encrypted-x" + master).digest()
    with pytest.raises(ValueError, match="master_key"):
        authenticate(KEY, SECRET, "private-encrypted-x", "1.1")


def test_bad_inputs() -> None:
    with pytest.raises(ValueError):
        authenticate(KEY, SECRET, "private-x", "not-a-socket")
    with pytest.raises(ValueError):
        authenticate(KEY, SECRET, "bad channel", "1.1")


def test_authenticate_user() -> None:
    user = {"id": "12345", "user_info": {"name": "x"}}
    result = authenticate_user(KEY, SECRET, "1234.1234", user)
    user_json = json.dumps(user)
    expected = hmac.new(SECRET.encode(), f"1234.1234::user::{user_json}".encode(), hashlib.sha256).hexdigest()
    assert result == {"auth": f"{KEY}:{expected}", "user_data": user_json}
    with pytest.raises(ValueError, match="'id'"):
        authenticate_user(KEY, SECRET, "1.1", {"name": "no id"})
