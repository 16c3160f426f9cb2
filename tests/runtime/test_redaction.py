from __future__ import annotations

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
