"""What ``Pusher`` and ``AsyncPusher`` share and what needs no network: configuration, URLs, offline.

The facade that sends is written once, as async code, in ``_async/client.py``; its sync twin
``_sync/client.py`` is generated from it (``make generate``). Both inherit :class:`PusherBase`, which
also brings channel auth, webhooks and decryption (``server_side.py``).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Self
from urllib.parse import urlsplit

import httpx

from clientsuite.pusher import crypto, rules
from clientsuite.pusher.bodies import BodyBuilder
from clientsuite.pusher.server_side import ServerSide
from clientsuite.pusher.signing import PusherAuth
from clientsuite.redaction import Secret, SecretBytes, check_secret
from clientsuite.runtime.timeouts import DefaultTimeout, still_default

if TYPE_CHECKING:
    from pusher_api import Client

    from clientsuite.runtime.hooks import Hooks

DEFAULT_TIMEOUT = DefaultTimeout(5)  # the official library's default, in seconds
_APP_PATH = re.compile(r"^/apps/([^/]+)/?$")
SERVER_TO_USER_PREFIX = "#server-to-user-"


class PusherBase(ServerSide):
    """Configuration and everything that does not talk to the network.

    The parameters up to ``backend`` are the official ones in the official order; the suite's own
    options are keyword-only after them. Each side names the ``httpx`` client it accepts and
    attaches the suite's client of its own kind (the async source maps to the sync twin by name).
    """

    _HTTPX: ClassVar[type[httpx.Client] | type[httpx.AsyncClient]]

    def __init__(
        self,
        app_id: str,
        key: str,
        secret: str,
        ssl: bool = True,
        host: str | None = None,
        port: int | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        cluster: str | None = None,
        encryption_master_key: str | bytes | None = None,
        encryption_master_key_base64: str | bytes | None = None,
        json_encoder: type[json.JSONEncoder] | None = None,
        json_decoder: type[json.JSONDecoder] | None = None,
        backend: object = None,
        *,
        max_retries: int = 2,
        hooks: Hooks | Mapping[str, Any] | None = None,
        offline: bool = False,
        max_event_bytes: int = rules.DEFAULT_MAX_EVENT_BYTES,
        http_client: httpx.Client | httpx.AsyncClient | None = None,
        **backend_options: Any,
    ) -> None:
        if backend is not None or backend_options:
            raise TypeError(
                "backend and backend options are not supported: pass http_client=httpx.Client(...)"
            )
        self.app_id = rules.app_id(app_id)
        self.key = check_secret(key, "key")
        self._secret = Secret(check_secret(secret, "secret"))
        if cluster is not None and not isinstance(cluster, str):
            raise TypeError("cluster must be a string")
        if host is not None and not isinstance(host, str):
            raise TypeError("host must be a string")
        if port is not None and (isinstance(port, bool) or not isinstance(port, int)):
            raise TypeError("port must be an int")
        if not isinstance(ssl, bool):
            raise TypeError("ssl must be a bool")
        if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
            raise TypeError("timeout must be a positive number of seconds")
        self.cluster = cluster or "mt1"
        self.host = host or f"api-{self.cluster}.pusher.com"
        self.port = port
        self.ssl = ssl
        self.timeout = still_default(timeout, float(timeout))
        master_key = crypto.master_key(encryption_master_key, encryption_master_key_base64)
        self._master_key_secret = SecretBytes(master_key) if master_key else None
        self._json_encoder = json_encoder
        self._json_decoder = json_decoder
        self._bodies = BodyBuilder(self._master_key_secret, json_encoder, max_event_bytes)
        self.offline = offline
        from pusher_api.client import (
            Client,  # the generated client and the transport: built here, not at import
        )

        from clientsuite.runtime.config import ClientConfig, user_clients

        self._config = ClientConfig(
            self.base_url,
            package="pusher_api",
            auth=PusherAuth(self.key, self._secret),
            timeout=self.timeout,
            max_retries=max_retries,
            hooks=hooks,
            offline=offline,
            **user_clients(http_client, is_async=self._HTTPX is httpx.AsyncClient, owner=type(self).__name__),
        )
        self._client = self._attach(Client(base_url=self.base_url))

    def _attach(self, client: Client) -> Client:
        """The generated client with the suite's httpx client of this side (set by each side)."""
        raise NotImplementedError

    @property
    def max_event_bytes(self) -> int:
        return self._bodies.max_event_bytes

    @property
    def api(self) -> Client:
        """The generated ``pusher_api`` client with the suite's signing, retries and errors: typed calls."""
        return self._client

    @property
    def base_url(self) -> str:
        scheme = "https" if self.ssl else "http"
        port = f":{self.port}" if self.port else ""
        return f"{scheme}://{self.host}{port}"

    @classmethod
    def from_url(cls, url: str, **options: Any) -> Self:
        """Build a client from ``http(s)://key:secret@host[:port]/apps/<app_id>``."""
        parts = urlsplit(url)
        match = _APP_PATH.match(parts.path)
        if not (parts.username and parts.password and parts.hostname and match):
            raise ValueError("expected a URL like https://key:secret@api-eu.pusher.com/apps/123")
        found: dict[str, Any] = {
            "app_id": match.group(1),
            "key": parts.username,
            "secret": parts.password,
            "host": parts.hostname,
            "port": parts.port,
            "ssl": parts.scheme == "https",
        }
        return cls(**(found | options))

    @classmethod
    def from_env(cls, env: str = "PUSHER_URL", **options: Any) -> Self:
        """Build a client from the URL in an environment variable."""
        url = os.environ.get(env)
        if not url:
            raise OSError(f"environment variable {env} is not set")
        return cls.from_url(url, **options)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(app_id={self.app_id!r}, key={self.key!r}, host={self.host!r})"

    @staticmethod
    def _user_channel(user_id: str) -> str:
        return SERVER_TO_USER_PREFIX + rules.user_id(user_id)

    def sent_events(self) -> list[dict[str, Any]]:
        """Offline mode: every event this client would have sent, one dict per channel and event."""
        events: list[dict[str, Any]] = []
        if not self.offline:
            raise RuntimeError("sent_events() records what offline mode would send; this client is online")
        for request in self._config.offline_requests:
            path = request.url.path
            if path.endswith("/batch_events"):
                events.extend(json.loads(request.content)["batch"])
            elif path.endswith("/events"):
                body = json.loads(request.content)
                channels = body.pop("channels", None) or [body.get("channel")]
                events.extend({**body, "channel": channel} for channel in channels)
        return events
