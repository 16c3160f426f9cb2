from __future__ import annotations

import pytest
from clientsuite.redaction import REDACTED, Secret, redact_headers, redact_url
from hypothesis import given
from hypothesis import strategies as st


def test_redact_url_query_and_userinfo() -> None:
    text = redact_url("https://key:s3cret@api.test/x?auth_signature=abc&page=2&api_key=k")
    assert "abc" not in text and "s3cret" not in text and "=k" not in text
    assert "page=2" in text


def test_redact_headers() -> None:
    out = redact_headers({"Authorization": "Bearer t", "X-Schematic-Api-Key": "k", "Accept": "json"})
    assert out == {"authorization": REDACTED, "x-schematic-api-key": REDACTED, "accept": "json"}


@given(st.text(min_size=1))
def test_secret_never_shows(value: str) -> None:
    secret = Secret(value)
    assert secret.reveal() == value
    assert repr(secret) == str(secret) == "Secret('[redacted]')"
    assert f"{secret}" == "Secret('[redacted]')"


@pytest.mark.parametrize("value", ["KEY\n", " KEY", "KEY\t", "K\x00EY", "K\x7fEY", "KEY\ud800", b"\xffKEY"])
def test_check_secret_refuses_without_echoing(value: object) -> None:
    from clientsuite.redaction import check_secret

    with pytest.raises(ValueError) as caught:
        check_secret(value, "api_key")
    assert "api_key" in str(caught.value) and "KEY" not in str(caught.value)


def test_check_secret_types_and_empty() -> None:
    from clientsuite.redaction import check_secret

    assert check_secret(b"abc", "secret") == "abc"
    assert check_secret("", "secret", allow_empty=True) == ""
    with pytest.raises(TypeError, match="secret must be a string"):
        check_secret(123, "secret")
    with pytest.raises(ValueError, match="empty"):
        check_secret("", "secret")


def test_scrub_text_redacts_pairs_and_values() -> None:
    from clientsuite.redaction import scrub_text

    text = "GET /apps/1/events?auth_key=k1&auth_signature=abcdef&x=1 failed: header b'sk_live_9\\n'"
    scrubbed = scrub_text(text, "sk_live_9\n")
    assert "abcdef" not in scrubbed and "k1&" not in scrubbed and "sk_live_9" not in scrubbed
    assert "x=1" in scrubbed


def test_secret_refuses_pickling_and_copies_itself() -> None:
    import copy
    import pickle

    from clientsuite.redaction import Secret, SecretBytes

    secret = Secret("s3cr3t")
    with pytest.raises(TypeError, match="pickle"):
        pickle.dumps(secret)
    assert copy.deepcopy(secret) is secret
    key = SecretBytes(b"\x01" * 32)
    assert key.reveal_bytes() == b"\x01" * 32 and "\\x01" not in repr(key)
    with pytest.raises(TypeError):
        pickle.dumps(key)
