"""End-to-end encryption for ``private-encrypted-`` channels, compatible with Pusher's client libraries.

The per-channel shared secret is SHA-256(channel name + master key); event data is sealed with
NaCl secretbox under a fresh random 24-byte nonce and sent as ``{"nonce": b64, "ciphertext": b64}``.
PyNaCl is imported when encryption is first needed (a client given a master key, or a decrypt),
so ``import clientsuite.pusher`` does not pay for it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import warnings
from types import ModuleType
from typing import TYPE_CHECKING

from clientsuite.errors import ClientSuiteError
from clientsuite.runtime.lazy import lazy

if TYPE_CHECKING:
    from clientsuite.runtime import extras
else:  # what names a missing extra: loaded with the first encryption
    extras = lazy("clientsuite.runtime", "extras")

MASTER_KEY_BYTES = 32
NONCE_BYTES = 24  # nacl.secret.SecretBox.NONCE_SIZE
ENCRYPTED_PREFIX = "private-encrypted-"
FEATURE = "encrypted channels of clientsuite.pusher"


def _nacl() -> ModuleType:
    """``nacl.secret`` (which imports ``nacl.utils`` and ``nacl.exceptions``), at first use."""
    extras.require("nacl.utils", FEATURE)
    extras.require("nacl.exceptions", FEATURE)
    return extras.require("nacl.secret", FEATURE)


class DecryptionError(ClientSuiteError, ValueError):
    """An encrypted payload that is malformed or was not sealed with this channel's key."""


def parse_master_key(master_key_base64: str | bytes) -> bytes:
    """Decode the base64 master key; anything but exactly 32 bytes is refused (without echoing it)."""
    try:
        key = base64.b64decode(master_key_base64, validate=True)
    except (binascii.Error, ValueError, TypeError):
        raise ValueError("encryption_master_key_base64 is not valid base64") from None
    if len(key) != MASTER_KEY_BYTES:
        raise ValueError(
            f"encryption_master_key_base64 must decode to {MASTER_KEY_BYTES} bytes, not {len(key)}"
        )
    return key


def master_key(raw: str | bytes | None, base64_key: str | bytes | None) -> bytes | None:
    """The official rules: the raw ``encryption_master_key`` is deprecated and excludes the base64 one."""
    if raw is not None and base64_key is not None:
        raise ValueError("pass encryption_master_key_base64 only (encryption_master_key is deprecated)")
    if raw is not None:
        warnings.warn(
            "encryption_master_key is deprecated, use encryption_master_key_base64",
            DeprecationWarning,
            stacklevel=4,
        )
        key = raw.encode() if isinstance(raw, str) else raw
        if not isinstance(key, bytes) or len(key) != MASTER_KEY_BYTES:
            raise ValueError(f"encryption_master_key must be {MASTER_KEY_BYTES} bytes long")
        _nacl()  # a client with a master key will encrypt: a missing extra fails here, clearly
        return key
    if not base64_key:
        return None
    key = parse_master_key(base64_key)
    _nacl()
    return key


def is_encrypted_channel(channel: str) -> bool:
    return channel.startswith(ENCRYPTED_PREFIX)


def shared_secret(channel: str, master_key: bytes) -> bytes:
    return hashlib.sha256(channel.encode() + master_key).digest()


def encrypt(channel: str, data: str, master_key: bytes) -> str:
    """The event data to send on an encrypted channel, as the JSON text clients decrypt."""
    secret = _nacl()
    box = secret.SecretBox(shared_secret(channel, master_key))
    nonce = extras.require("nacl.utils", FEATURE).random(secret.SecretBox.NONCE_SIZE)
    sealed = box.encrypt(data.encode(), nonce)
    return json.dumps(
        {
            "nonce": base64.b64encode(nonce).decode(),
            "ciphertext": base64.b64encode(sealed.ciphertext).decode(),
        }
    )


def decrypt(channel: str, payload: str | bytes | dict[str, str], master_key: bytes) -> str:
    """The plaintext data of an encrypted event (the JSON text that was sealed)."""
    secret = _nacl()
    try:
        fields = payload if isinstance(payload, dict) else json.loads(payload)
        nonce = base64.b64decode(fields["nonce"], validate=True)
        ciphertext = base64.b64decode(fields["ciphertext"], validate=True)
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise DecryptionError("payload is not {nonce, ciphertext} in base64") from None
    if len(nonce) != NONCE_BYTES:
        raise DecryptionError("nonce must be 24 bytes")
    try:
        plain: bytes = secret.SecretBox(shared_secret(channel, master_key)).decrypt(ciphertext, nonce)
    except extras.require("nacl.exceptions", FEATURE).CryptoError:
        raise DecryptionError(f"payload was not encrypted for channel {channel!r} with this key") from None
    return plain.decode()
