"""Every public verifier, fed arbitrary input: it returns, or raises a documented error that holds no secret.

Documented errors are ``WebhookVerificationError`` (and subclasses) for an untrustworthy webhook
and ``TypeError`` for an argument of the wrong type. Anything else (``AttributeError``,
``UnicodeEncodeError``, ``OverflowError``...) escaping a verifier is a bug.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from typing import Any

import pytest
from clientsuite.pluginlab import webhooks as pluginlab_webhooks
from clientsuite.pusher import Pusher
from clientsuite.pusher import webhooks as pusher_webhooks
from clientsuite.schematic import webhooks as schematic_webhooks
from clientsuite.webhooks import (
    WebhookTimestampError,
    WebhookVerificationError,
    check_timestamp,
    constant_time_equals,
    extract,
    parse_timestamp,
)
from hypothesis import given, settings
from hypothesis import strategies as st

SECRET = "whsec-RECOGNISABLE-7f3a"
surrogates = st.text(alphabet=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=1)
anything = st.one_of(
    st.none(),
    st.text(),
    surrogates,
    st.binary(),
    st.integers(),
    st.integers(min_value=10**308, max_value=10**400),
    st.floats(),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2),
)
pusher = Pusher("1", "app-key", SECRET)
plab = pluginlab_webhooks.Webhook(SECRET)


def outcome(call: Callable[[], Any]) -> object:
    """The value, or the documented error; fails the test on anything else or on a leaked secret."""
    try:
        return call()
    except (WebhookVerificationError, TypeError) as error:
        assert SECRET not in str(error)
        assert SECRET not in repr(error)
        assert not isinstance(error, UnicodeError)
        return error


fuzz = settings(max_examples=150, deadline=None)


@fuzz
@given(anything, anything, anything)
def test_pusher_module_verifiers(key: Any, signature: Any, body: Any) -> None:
    outcome(lambda: pusher_webhooks.verify_webhook("app-key", SECRET, key, signature, body))
    result = outcome(lambda: pusher_webhooks.validate_webhook("app-key", SECRET, key, signature, body))
    assert result is None or isinstance(result, dict | TypeError)


@fuzz
@given(anything, anything, anything)
def test_pusher_client_verifiers(key: Any, signature: Any, body: Any) -> None:
    outcome(lambda: pusher.verify_webhook(key, signature, body))
    outcome(lambda: pusher.validate_webhook(key, signature, body))
    outcome(lambda: pusher.verify_request((body, {"X-Pusher-Key": key, "X-Pusher-Signature": signature})))


@fuzz
@given(anything, anything, anything, anything)
def test_schematic_verifiers(body: Any, signature: Any, timestamp: Any, secret: Any) -> None:
    outcome(lambda: schematic_webhooks.verify_signature(body, signature, timestamp, SECRET))
    outcome(lambda: schematic_webhooks.verify_signature(body, signature, timestamp, secret))
    headers = {"X-Schematic-Webhook-Signature": signature, "X-Schematic-Webhook-Timestamp": timestamp}
    outcome(lambda: schematic_webhooks.verify_webhook_signature((body, headers), SECRET))


@fuzz
@given(anything, anything, anything)
def test_pluginlab_verifiers(body: Any, signature: Any, timestamp: Any) -> None:
    valid = outcome(lambda: plab.is_signature_valid(body, signature))
    assert isinstance(valid, bool | TypeError)
    outcome(lambda: plab.verify_signature(body, signature))
    headers = {"X-PluginLab-Signature": signature, "X-PluginLab-Timestamp": timestamp}
    outcome(lambda: plab.verify_request((body, headers)))


@fuzz
@given(anything, anything)
def test_core_helpers(a: Any, b: Any) -> None:
    assert isinstance(constant_time_equals(a, b), bool)
    outcome(lambda: parse_timestamp(a))
    outcome(lambda: check_timestamp(a, tolerance=300))
    outcome(lambda: extract((a, {"x": b})))


@fuzz
@given(st.one_of(st.integers(), st.floats(), st.integers(min_value=10**308, max_value=10**600)))
def test_pusher_genuine_webhook_with_any_time_ms(time_ms: Any) -> None:
    """Correctly signed, so every check up to the timestamp passes; the timestamp decides."""
    body = json.dumps({"time_ms": time_ms, "events": []})
    signature = hmac.new(SECRET.encode(), body.encode(), hashlib.sha256).hexdigest()
    result = outcome(lambda: pusher.verify_webhook("app-key", signature, body))
    if isinstance(result, dict):
        assert abs(result["time_ms"] / 1000 - time.time()) <= 300
    else:
        assert isinstance(result, WebhookVerificationError)


def test_huge_time_ms_is_a_timestamp_error() -> None:
    body = json.dumps({"time_ms": 10**309, "events": []})
    signature = hmac.new(SECRET.encode(), body.encode(), hashlib.sha256).hexdigest()
    with pytest.raises(WebhookTimestampError):
        pusher.verify_webhook("app-key", signature, body)


def test_lone_surrogates_are_refused_not_crashing() -> None:
    assert pusher.validate_webhook("app-key", "\ud800", "{}") is None
    assert not plab.is_signature_valid("\ud800", "abc")
    with pytest.raises(WebhookVerificationError):
        schematic_webhooks.verify_signature("\ud800", "sig", str(int(time.time())), SECRET)


def test_none_body_and_bytes_secret() -> None:
    with pytest.raises(TypeError, match="body"):
        pusher.verify_webhook("app-key", "sig", None)
    now = str(int(time.time()))
    good = schematic_webhooks.compute_hex_signature(b"{}", now, SECRET)
    schematic_webhooks.verify_signature(b"{}", good, now, secret=SECRET.encode())
    with pytest.raises(TypeError, match="raw_body"):
        plab.is_signature_valid(None, "abc")  # type: ignore[arg-type]


@functools.cache
def _pinned_app() -> Any:
    """An offline app whose verifier trusts one freshly generated RSA key (no key endpoint)."""
    from clientsuite.pluginlab import App

    from tests.pluginlab.conftest import PLUGIN_ID, SigningKey

    key = SigningKey("fuzz-key")
    return App("secret", PLUGIN_ID, offline=True, signing_keys={"keys": [key.jwk()]}), key


segment = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=", max_size=40)


@fuzz
@given(st.one_of(anything, st.builds(lambda a, b, c: f"{a}.{b}.{c}", segment, segment, segment)))
def test_pluginlab_token_verifier(token: Any) -> None:
    from clientsuite.pluginlab.tokens import InvalidTokenError

    app, key = _pinned_app()
    try:
        app.get_auth().verify_token(token)
    except (InvalidTokenError, TypeError) as error:
        assert not isinstance(error, UnicodeError)
    genuine = key.token()
    tampered = genuine[:-4] + ("AAAA" if not genuine.endswith("AAAA") else "BBBB")
    with pytest.raises(InvalidTokenError):
        app.get_auth().verify_token(tampered)
