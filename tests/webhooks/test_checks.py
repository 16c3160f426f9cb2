"""Constant-time comparison, timestamp tolerance and the combined verifier."""

from __future__ import annotations

import pytest
from clientsuite.webhooks import (
    MemoryReplayGuard,
    RawRequest,
    SignatureScheme,
    WebhookMissingHeaderError,
    WebhookReplayError,
    WebhookSignatureError,
    WebhookTimestampError,
    WebhookVerificationError,
    check_timestamp,
    constant_time_equals,
    hmac_sha256_hex,
    verify_signed,
)
from hypothesis import given
from hypothesis import strategies as st

NOW = 1_700_000_000.0
SECRET = "whsec_test"


def clock() -> float:
    return NOW


def test_constant_time_equals() -> None:
    assert constant_time_equals("abc", b"abc")
    assert not constant_time_equals("abc", "abd")
    assert not constant_time_equals("é", "e")
    assert not constant_time_equals("abc", None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "unit"), [(NOW - 299, "s"), (str(NOW + 299), "s"), ((NOW - 100) * 1000, "ms")]
)
def test_timestamp_inside_window(value: object, unit: str) -> None:
    check_timestamp(value, now=clock, unit=unit)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [NOW - 301, NOW + 301, "soon", None, True, float("nan"), ""])
def test_timestamp_refused(value: object) -> None:
    with pytest.raises(WebhookTimestampError):
        check_timestamp(value, now=clock)


def test_tolerance_is_configurable_and_can_be_off() -> None:
    with pytest.raises(WebhookTimestampError, match="600 s old, tolerance is 60 s"):
        check_timestamp(NOW - 600, tolerance=60, now=clock)
    assert check_timestamp(0, tolerance=None, now=clock) == 0


SCHEME = SignatureScheme(
    signature_header="X-Sig",
    expected=lambda raw, ts: hmac_sha256_hex(SECRET, raw.body + b"+" + (ts or "").encode()),
    timestamp_header="X-Ts",
    delivery_id_header="X-Id",
)


def request(body: bytes = b"{}", ts: float = NOW, sig: str | None = None, delivery: str = "d1") -> RawRequest:
    signature = sig if sig is not None else hmac_sha256_hex(SECRET, body + b"+" + str(int(ts)).encode())
    return RawRequest(body, {"X-Sig": signature, "X-Ts": str(int(ts)), "X-Id": delivery})


def test_verify_signed_accepts_genuine_and_refuses_replays() -> None:
    guard = MemoryReplayGuard()
    verify_signed(request(), SCHEME, replay_guard=guard, now=clock)
    with pytest.raises(WebhookReplayError):
        verify_signed(request(), SCHEME, replay_guard=guard, now=clock)
    verify_signed(request(delivery="d2"), SCHEME, replay_guard=guard, now=clock)


def test_verify_signed_reasons() -> None:
    with pytest.raises(WebhookSignatureError):
        verify_signed(request(sig="0" * 64), SCHEME, now=clock)
    with pytest.raises(WebhookTimestampError):
        verify_signed(request(ts=NOW - 1000), SCHEME, now=clock)
    with pytest.raises(WebhookMissingHeaderError, match="X-Sig"):
        verify_signed(RawRequest(b"{}", {"X-Ts": "1"}), SCHEME, now=clock)


def test_forged_requests_do_not_fill_the_replay_guard() -> None:
    guard = MemoryReplayGuard()
    with pytest.raises(WebhookSignatureError):
        verify_signed(request(sig="bad"), SCHEME, replay_guard=guard, now=clock)
    assert len(guard) == 0
    verify_signed(request(), SCHEME, replay_guard=guard, now=clock)


@given(
    body=st.binary(), headers=st.dictionaries(st.sampled_from(["X-Sig", "X-Ts", "X-Id", "Other"]), st.text())
)
def test_random_requests_raise_only_documented_errors(body: bytes, headers: dict[str, str]) -> None:
    clean = {k: v for k, v in headers.items() if v.isprintable() and "\n" not in v and v.isascii()}
    try:
        verify_signed(RawRequest(body, clean), SCHEME, now=clock)
    except WebhookVerificationError as error:
        assert error.reason
    else:  # only a genuine signature can pass
        assert clean.get("X-Sig", "").strip() == hmac_sha256_hex(SECRET, body + b"+" + clean["X-Ts"].encode())


@given(body=st.binary(), ts_offset=st.integers(-299, 299))
def test_genuine_requests_always_pass(body: bytes, ts_offset: int) -> None:
    verify_signed(request(body, ts=NOW + ts_offset), SCHEME, now=clock)


def test_replay_error_never_shows_the_delivery_id_and_window_covers_future_timestamps() -> None:
    class Recorder(MemoryReplayGuard):
        ttls: list[float] = []

        def check_and_remember(self, delivery_id: str, ttl_seconds: float) -> None:
            self.ttls.append(ttl_seconds)
            super().check_and_remember(delivery_id, ttl_seconds)

    guard = Recorder()
    verify_signed(request(delivery="secret-looking-id"), SCHEME, replay_guard=guard, now=clock)
    with pytest.raises(WebhookReplayError) as caught:
        verify_signed(request(delivery="secret-looking-id"), SCHEME, replay_guard=guard, now=clock)
    assert "secret-looking-id" not in str(caught.value) + repr(caught.value)
    assert guard.ttls == [600.0, 600.0]  # twice the 300 s tolerance
