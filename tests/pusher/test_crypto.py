from __future__ import annotations

import base64
import json
import os

import nacl.secret
import pytest
from clientsuite.pusher.crypto import DecryptionError, decrypt, encrypt, parse_master_key, shared_secret
from hypothesis import given
from hypothesis import strategies as st

MASTER = os.urandom(32)
CHANNEL = "private-encrypted-room"

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4),
    max_leaves=20,
)


@given(json_values)
def test_round_trip_of_arbitrary_json(value: object) -> None:
    text = json.dumps(value)
    assert json.loads(decrypt(CHANNEL, encrypt(CHANNEL, text, MASTER), MASTER)) == value


def test_payload_shape_is_what_client_libraries_decrypt() -> None:
    payload = json.loads(encrypt(CHANNEL, '{"message":"hi"}', MASTER))
    nonce, ciphertext = base64.b64decode(payload["nonce"]), base64.b64decode(payload["ciphertext"])
    assert len(nonce) == 24
    # Decrypt independently with PyNaCl and the documented key derivation.
    box = nacl.secret.SecretBox(shared_secret(CHANNEL, MASTER))
    assert box.decrypt(ciphertext, nonce) == b'{"message":"hi"}'


def test_fresh_nonce_every_time() -> None:
    nonces = {json.loads(encrypt(CHANNEL, "x", MASTER))["nonce"] for _ in range(50)}
    assert len(nonces) == 50


def test_wrong_channel_or_key_fails_clearly() -> None:
    sealed = encrypt(CHANNEL, "secret", MASTER)
    with pytest.raises(DecryptionError, match="not encrypted for channel"):
        decrypt("private-encrypted-other", sealed, MASTER)
    with pytest.raises(DecryptionError):
        decrypt(CHANNEL, sealed, os.urandom(32))
    with pytest.raises(DecryptionError, match="base64"):
        decrypt(CHANNEL, '{"nonce": "!!", "ciphertext": ""}', MASTER)


@pytest.mark.parametrize("bad", ["not base64 at all!", base64.b64encode(b"short").decode(), ""])
def test_master_key_must_be_32_bytes_of_base64(bad: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_master_key(bad)
    assert bad not in str(caught.value) or bad == ""


def test_valid_master_key() -> None:
    assert parse_master_key(base64.b64encode(MASTER).decode()) == MASTER
