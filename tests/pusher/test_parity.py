"""Parity with the official ``pusher`` library, which is the oracle here.

Every call below goes through ``pusher.Pusher`` and through ``clientsuite.pusher.Pusher`` against one
recording server on 127.0.0.1. Each aspect of each call (method, path, query, auth, content type,
JSON body, result) is its own test case. Per-request values (timestamp, MD5, signature) are not
compared with the official ones: ours are verified instead. A case listed in ``KNOWN`` is a
deliberate difference (see the migration table in docs/pusher.md): it asserts that the two differ
and that the suite does the documented thing, so it fails if either side changes.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import inspect
import json
import time
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

import pusher as official
import pytest
from clientsuite.pusher import AsyncPusher, Pusher

from tests.fixtures.parity import Outcome, official_prefix, run, types_of
from tests.fixtures.recording_server import RecordingServer

APP_ID, KEY, SECRET = "123", "app-key", "app-secret-value"
MASTER = base64.b64encode(bytes(range(32))).decode()

ROUTES: list[tuple[str, str, Any]] = [
    ("POST", r"/apps/123/events", {"channels": {"a_channel": {"subscription_count": 3}}}),
    ("POST", r"/apps/123/batch_events", {"batch": [{"subscription_count": 2}, {"subscription_count": 1}]}),
    ("GET", r"/apps/123/channels", {"channels": {"presence-chatroom": {"user_count": 2}, "b": {}}}),
    ("GET", r"/apps/123/channels/[^/]+", {"occupied": True, "user_count": 42, "subscription_count": 7}),
    ("GET", r"/apps/123/channels/[^/]+/users", {"users": [{"id": "1035"}, {"id": "4821"}]}),
    ("POST", r"/(apps/123/)?users/[^/]+/terminate_connections", {}),
]

BATCH = [
    {"channel": "a_channel", "name": "an_event", "data": {"some": "data"}, "socket_id": "1234.12"},
    {"channel": "b_channel", "name": "an_event", "data": {"some": "other data", "ü": "€"}},
]
ENCODED_BATCH = [{"channel": "a_channel", "name": "an_event", "data": '{"already": "text"}'}]

# name -> the call, made with either client
CALLS: dict[str, Callable[[Any], Any]] = {
    "trigger one channel": lambda c: c.trigger("a_channel", "an_event", {"some": "data"}),
    "trigger channels and socket_id": lambda c: c.trigger(["a_channel", "b"], "an_event", [1, 2], "1234.12"),
    "trigger non-ASCII data": lambda c: c.trigger("a_channel", "ev", {"msg": "héllo €", "n": 1.5}),
    "trigger string data": lambda c: c.trigger("a_channel", "ev", "plain text ü"),
    "trigger encrypted": lambda c: c.trigger("private-encrypted-room", "ev", {"secret": "ü"}),
    "trigger_batch": lambda c: c.trigger_batch([dict(event) for event in BATCH]),
    "trigger_batch already_encoded": lambda c: c.trigger_batch([dict(e) for e in ENCODED_BATCH], True),
    "send_to_user": lambda c: c.send_to_user("user-1", "ev", {"hi": 1}),
    "channels_info": lambda c: c.channels_info(),
    "channels_info prefix and attributes": lambda c: c.channels_info("presence-", ["user_count"]),
    "channel_info": lambda c: c.channel_info("presence-chatroom", ["user_count", "subscription_count"]),
    "users_info": lambda c: c.users_info("presence-chatroom"),
    "terminate_user_connections": lambda c: c.terminate_user_connections("user-1"),
}
PER_REQUEST = {"auth_timestamp", "auth_signature", "body_md5"}
ASPECTS = ["method", "path", "query", "auth", "content type", "body", "result"]

KNOWN: dict[tuple[str, str], str] = {
    ("terminate_user_connections", "path"): "the suite uses the documented /apps/{app_id}/users/... path",
}


def _webhook() -> tuple[str, str]:
    body = json.dumps({"time_ms": int(time.time() * 1000), "events": [{"name": "channel_occupied"}]})
    return hmac.new(SECRET.encode(), body.encode(), hashlib.sha256).hexdigest(), body


WEBHOOK = _webhook()  # one signed body for both clients (its time_ms is part of the result)

# Calls that send nothing: the result (or the error type) is compared.
LOCAL: dict[str, Callable[[Any], Any]] = {
    "authenticate private": lambda c: c.authenticate("private-room", "1234.12"),
    "authenticate presence": lambda c: c.authenticate(
        "presence-room", "1234.12", {"user_id": "1", "user_info": {"twitter": "@pusher", "ü": "€"}}
    ),
    "authenticate presence without custom_data": lambda c: c.authenticate("presence-room", "1234.12"),
    "authenticate encrypted": lambda c: c.authenticate("private-encrypted-room", "1234.12"),
    "authenticate_user": lambda c: c.authenticate_user("1234.12", {"id": "u1", "name": "Zoë"}),
    "authenticate_user without user_data": lambda c: c.authenticate_user("1234.12"),
    "authenticate invalid socket_id": lambda c: c.authenticate("private-room", "nope"),
    "validate_webhook genuine": lambda c: c.validate_webhook(KEY, *WEBHOOK),
    "validate_webhook forged": lambda c: c.validate_webhook(KEY, "0" * 64, WEBHOOK[1]),
    "validate_webhook other key": lambda c: c.validate_webhook("other", *WEBHOOK),
    "trigger channels as a dict": lambda c: c.trigger({"a": 1}, "ev", {}),
    "trigger 101 channels": lambda c: c.trigger([f"c{i}" for i in range(101)], "ev", {}),
    "trigger long event name": lambda c: c.trigger("a", "e" * 201, {}),
    "trigger invalid channel": lambda c: c.trigger("bad channel!", "ev", {}),
    "trigger encrypted with others": lambda c: c.trigger(["private-encrypted-a", "b"], "ev", {}),
    "terminate invalid user_id": lambda c: c.terminate_user_connections(""),
    "terminate user_id with a space": lambda c: c.terminate_user_connections("a b"),
    "send_to_user invalid user_id": lambda c: c.send_to_user("a b", "ev", {}),
    "authenticate private with empty custom_data": lambda c: c.authenticate("private-room", "1234.12", {}),
    "authenticate server-to-user channel": lambda c: c.authenticate("#server-to-user-1", "1234.12"),
    "authenticate_user without id": lambda c: c.authenticate_user("1234.12", {"name": "x"}),
    "Pusher non-numeric app_id": lambda c: type(c)("app", KEY, SECRET),
    "Pusher ssl not a bool": lambda c: type(c)(APP_ID, KEY, SECRET, "yes"),
    "Pusher port not an int": lambda c: type(c)(APP_ID, KEY, SECRET, True, None, "443"),
    "Pusher timeout not a number": lambda c: type(c)(APP_ID, KEY, SECRET, timeout="5"),
    "Pusher both master keys": lambda c: type(c)(
        APP_ID, KEY, SECRET, encryption_master_key=b"k" * 32, encryption_master_key_base64=MASTER
    ),
    "Pusher short master key": lambda c: type(c)(APP_ID, KEY, SECRET, encryption_master_key_base64="AAAA"),
}
KNOWN_LOCAL: dict[str, str] = {
    "authenticate presence without custom_data": "the suite raises: a presence channel needs a user_id",
    "authenticate encrypted": "the suite returns shared_secret as text (JSON-serialisable), not bytes",
}


def _clients(server: RecordingServer) -> tuple[Any, Pusher]:
    options: dict[str, Any] = {"ssl": False, "host": "127.0.0.1", "port": server.port}
    theirs = official.Pusher(APP_ID, KEY, SECRET, encryption_master_key_base64=MASTER, **options)
    ours = Pusher(APP_ID, KEY, SECRET, encryption_master_key_base64=MASTER, max_retries=0, **options)
    return theirs, ours


def _on_async(server: RecordingServer, call: Callable[[Any], Any]) -> Any:
    """The same call through ``AsyncPusher``, in a loop of its own."""

    async def main() -> Any:
        options: dict[str, Any] = {"ssl": False, "host": "127.0.0.1", "port": server.port}
        async with AsyncPusher(
            APP_ID, KEY, SECRET, encryption_master_key_base64=MASTER, max_retries=0, **options
        ) as client:
            return await call(client)

    return asyncio.run(main())


FLAVOURS = ["Pusher", "AsyncPusher"]
Outcomes = dict[tuple[str, str], tuple[Outcome, Outcome]]


@pytest.fixture(scope="module")
def outcomes() -> Iterator[Outcomes]:
    server = RecordingServer().start()
    for method, path, body in ROUTES:
        server.route(method, path, body)
    theirs, ours = _clients(server)
    results: Outcomes = {}
    for name, call in CALLS.items():
        official_outcome = run(server, partial(call, theirs))
        results[name, "Pusher"] = (official_outcome, run(server, partial(call, ours)))
        results[name, "AsyncPusher"] = (official_outcome, run(server, partial(_on_async, server, call)))
    yield results
    ours.close()
    server.stop()


def _aspect(outcome: Outcome, aspect: str) -> Any:
    if aspect == "result":
        return outcome.result if outcome.error is None else type(outcome.error).__name__
    request = outcome.request
    if aspect == "method":
        return request.method
    if aspect == "path":
        return request.raw_path
    if aspect == "query":  # everything but the per-request signing values
        return sorted(
            (n, v) for n, v in request.query if n not in {"auth_timestamp", "auth_signature", "body_md5"}
        )
    if aspect == "auth":
        return (
            request.params.get("auth_key"),
            request.params.get("auth_version"),
            request.headers.get("authorization"),
        )
    if aspect == "content type":
        return request.headers.get("content-type")
    body = request.json()
    for event in [*(body or {}).get("batch", []), body or {}]:  # encrypted data: compare the plaintext
        if isinstance(event.get("data"), str) and '"ciphertext"' in event["data"]:
            event["data"] = _decrypt(event.get("channel") or event["channels"][0], event["data"])
    return body


def _decrypt(channel: str, data: str) -> str:
    import nacl.secret

    sealed = json.loads(data)
    box = nacl.secret.SecretBox(hashlib.sha256(channel.encode() + base64.b64decode(MASTER)).digest())
    return box.decrypt(base64.b64decode(sealed["ciphertext"]), base64.b64decode(sealed["nonce"])).decode()


@pytest.mark.parametrize("aspect", ASPECTS)
@pytest.mark.parametrize("name", list(CALLS))
@pytest.mark.parametrize("flavour", FLAVOURS)
def test_request_and_result_match_official(outcomes: Outcomes, flavour: str, name: str, aspect: str) -> None:
    theirs, ours = outcomes[name, flavour]
    assert theirs.error is None, theirs.error
    expected, actual = _aspect(theirs, aspect), _aspect(ours, aspect)
    if (name, aspect) in KNOWN:
        assert actual != expected, f"no longer differs; update KNOWN and docs: {KNOWN[name, aspect]}"
        assert actual == "/apps/123/users/user-1/terminate_connections"
        return
    assert actual == expected
    assert types_of(actual) == types_of(expected)


@pytest.mark.parametrize("name", list(CALLS))
@pytest.mark.parametrize("flavour", FLAVOURS)
def test_our_signature_is_valid(outcomes: Outcomes, flavour: str, name: str) -> None:
    request = outcomes[name, flavour][1].request
    params = request.params
    signature = params.pop("auth_signature")
    assert abs(int(params["auth_timestamp"]) - time.time()) < 60
    if request.body:
        assert params["body_md5"] == hashlib.md5(request.body).hexdigest()
    query = "&".join(f"{n}={params[n]}" for n in sorted(params))
    expected = hmac.new(
        SECRET.encode(), f"{request.method}\n{request.path}\n{query}".encode(), hashlib.sha256
    )
    assert signature == expected.hexdigest()


def test_the_size_limit_is_the_documented_one(recording_server: RecordingServer) -> None:
    """Known difference: the suite refuses data over 10 KiB as sent (the documented limit, which
    ``max_event_bytes`` raises); the official ``trigger`` checks ``sys.getsizeof`` against 30 KB."""
    recording_server.route("POST", r"/apps/123/events", {})
    theirs, ours = _clients(recording_server)
    data = {"text": "é" * 6000}  # 6 000 characters, 12 000 bytes of UTF-8
    expected = run(recording_server, lambda: theirs.trigger("a", "ev", data))
    actual = run(recording_server, lambda: ours.trigger("a", "ev", data))
    assert expected.error is None and len(expected.requests) == 1
    assert isinstance(actual.error, ValueError) and "12012 bytes" in str(actual.error)
    assert not actual.requests
    big_client = Pusher(
        APP_ID, KEY, SECRET, False, "127.0.0.1", recording_server.port, max_event_bytes=20_000
    )
    assert run(recording_server, lambda: big_client.trigger("a", "ev", data)).error is None
    ours.close()
    big_client.close()


@pytest.mark.parametrize(
    ("status", "name"),
    [
        (400, "PusherBadRequest"),
        (401, "PusherBadAuth"),
        (403, "PusherForbidden"),
        (500, "PusherBadStatus"),
        (404, "PusherBadStatus"),
        (500, "PusherError"),
    ],
)
def test_http_errors_are_caught_by_the_official_names(
    recording_server: RecordingServer, status: int, name: str
) -> None:
    from clientsuite import pusher as suite

    recording_server.route("GET", r"/apps/123/channels", {"error": "no"}, status=status)
    theirs, ours = _clients(recording_server)
    expected = run(recording_server, theirs.channels_info)
    actual = run(recording_server, ours.channels_info)
    assert isinstance(expected.error, getattr(official.errors, name))
    assert isinstance(actual.error, getattr(suite.errors, name))
    ours.close()


@pytest.mark.parametrize("name", list(LOCAL))
def test_local_calls_match_official(recording_server: RecordingServer, name: str) -> None:
    theirs, ours = _clients(recording_server)
    expected, actual = (
        run(recording_server, lambda: LOCAL[name](theirs)),
        run(recording_server, lambda: LOCAL[name](ours)),
    )
    assert not expected.requests and not actual.requests
    if name in KNOWN_LOCAL:
        if name == "authenticate encrypted":
            assert expected.result["shared_secret"] == actual.result["shared_secret"].encode()
            assert isinstance(actual.result["shared_secret"], str)
        else:
            assert expected.error is None and isinstance(actual.error, ValueError)
        return
    if expected.error is not None:
        assert isinstance(actual.error, type(expected.error)), (expected.error, actual.error)
    else:
        assert actual.error is None, actual.error
        assert actual.result == expected.result
        assert types_of(actual.result) == types_of(expected.result)


OFFICIAL_METHODS = [
    name
    for name, member in inspect.getmembers(official.Pusher)
    if not name.startswith("_") and (inspect.isfunction(member) or inspect.ismethod(member))
]


@pytest.mark.parametrize("name", ["__init__", *OFFICIAL_METHODS])
def test_signature_matches_official(name: str) -> None:
    assert hasattr(Pusher, name), f"the suite has no {name}"
    ours, theirs = official_prefix(getattr(Pusher, name), getattr(official.Pusher, name))
    assert ours == theirs


@pytest.mark.parametrize("name", OFFICIAL_METHODS)
def test_async_methods_take_the_official_arguments(name: str) -> None:
    ours, theirs = official_prefix(getattr(AsyncPusher, name), getattr(official.Pusher, name))
    assert ours == theirs
