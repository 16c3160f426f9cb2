"""What a server does with what Pusher or its clients send it: channel auth, webhooks, decryption.

None of it talks to the network; ``Pusher`` and ``AsyncPusher`` inherit it.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from clientsuite.pusher import crypto
from clientsuite.redaction import Secret, SecretBytes
from clientsuite.runtime.lazy import lazy

if TYPE_CHECKING:
    from clientsuite.pusher import channel_auth, webhooks
    from clientsuite.webhooks import RawRequest
else:  # channel auth loads with the first auth request, webhook verification with the first webhook
    channel_auth, webhooks = lazy("clientsuite.pusher", "channel_auth", "webhooks")


class ServerSide:
    key: str
    _secret: Secret
    _master_key_secret: SecretBytes | None
    _json_encoder: type[json.JSONEncoder] | None
    _json_decoder: type[json.JSONDecoder] | None

    @property
    def _master_key(self) -> bytes | None:
        """The raw master key, revealed only where a payload is encrypted or decrypted."""
        return self._master_key_secret.reveal_bytes() if self._master_key_secret else None

    def authenticate(self, channel: str, socket_id: str, custom_data: Any = None) -> dict[str, str]:
        """The response body for a private, presence or encrypted channel auth request."""
        return channel_auth.authenticate(
            self.key,
            self._secret.reveal(),
            channel,
            socket_id,
            custom_data,
            master_key=self._master_key,
            encoder=self._json_encoder,
        )

    def authenticate_user(self, socket_id: str, user_data: dict[str, Any] | None = None) -> dict[str, str]:
        """The response body for a user authentication request (``user_data`` needs an ``id``)."""
        return channel_auth.authenticate_user(
            self.key, self._secret.reveal(), socket_id, user_data, encoder=self._json_encoder
        )

    def validate_webhook(self, key: Any, signature: Any, body: Any) -> dict[str, Any] | None:
        """The webhook's payload when it is genuine and fresh, else ``None`` (the official contract)."""
        for name, value in (("key", key), ("signature", signature), ("body", body)):
            if not isinstance(value, str | bytes):
                raise TypeError(f"{name} must be a string")
        return webhooks.validate_webhook(
            self.key, self._secret.reveal(), key, signature, body, decoder=self._json_decoder
        )

    def verify_webhook(self, key: Any, signature: Any, body: str | bytes) -> dict[str, Any]:
        """Like :meth:`validate_webhook` but raises a ``WebhookVerificationError`` saying why."""
        return webhooks.verify_webhook(
            self.key, self._secret.reveal(), key, signature, body, decoder=self._json_decoder
        )

    def _verify_raw(self, raw: RawRequest) -> dict[str, Any]:
        key = raw.headers.get(webhooks.KEY_HEADER)
        signature = raw.headers.get(webhooks.SIGNATURE_HEADER)
        return self.verify_webhook(key, signature, raw.body)

    def verify_request(self, request: Any) -> dict[str, Any]:
        """Verify a webhook straight from a Flask, Django or Starlette request (or a body/headers pair)."""
        from clientsuite.webhooks.requests import extract

        return self._verify_raw(extract(request))

    async def averify_request(self, request: Any) -> dict[str, Any]:
        """:meth:`verify_request` for Starlette/FastAPI, whose body must be awaited."""
        from clientsuite.webhooks.requests import aextract

        return self._verify_raw(await aextract(request))

    def decrypt(self, channel: str, payload: str | bytes | dict[str, str]) -> str:
        """The plaintext of an event sent on an encrypted channel (what was passed as ``data``)."""
        if self._master_key is None:
            raise ValueError("decrypting needs encryption_master_key_base64")
        return crypto.decrypt(channel, payload, self._master_key)
