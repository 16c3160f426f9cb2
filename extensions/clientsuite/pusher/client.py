"""``Pusher`` and ``AsyncPusher``: the official library's API over the generated ``pusher_api`` client.

Both share :class:`_PusherBase`, which holds the configuration, builds request bodies and does
everything that needs no network (channel auth, webhooks, decryption). The two subclasses only
send: the same generated operations through the shared runtime, sync or async.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from types import TracebackType
from typing import Any, Self
from urllib.parse import urlsplit

import httpx
from pusher_api import Client
from pusher_api.api.channels import get_channel, get_channels, get_users
from pusher_api.api.events import trigger_batch, trigger_event
from pusher_api.api.users import terminate_user_connections
from pusher_api.models import (
    BatchEvent,
    ChannelInfo,
    ChannelsList,
    EmptyResponse,
    TriggerBatchBody,
    TriggerBatchResponse,
    TriggerEventBody,
    TriggerEventResponse,
    UsersList,
)
from pusher_api.types import UNSET

from clientsuite.pusher import channel_auth, crypto, rules, webhooks
from clientsuite.pusher.coalesce import TriggerCoalescer
from clientsuite.pusher.signing import PusherAuth
from clientsuite.redaction import Secret, SecretBytes, check_secret
from clientsuite.runtime import ClientConfig, Hooks, RequestOptions, acall, attach, call, expect, user_clients
from clientsuite.webhooks import RawRequest, aextract, extract

DEFAULT_TIMEOUT = 5.0  # the official library's default
_APP_PATH = re.compile(r"^/apps/([^/]+)/?$")


def _info(attributes: Iterable[str]) -> str | None:
    if isinstance(attributes, str):
        raise TypeError("attributes must be a collection of strings, e.g. ['user_count']")
    listed = [rules.text(a, "attribute") for a in attributes]
    return ",".join(listed) if listed else None


class _PusherBase:
    """Configuration and everything that does not talk to the network."""

    def __init__(
        self,
        app_id: str,
        key: str,
        secret: str,
        cluster: str | None = None,
        host: str | None = None,
        port: int | None = None,
        ssl: bool = True,
        timeout: float = DEFAULT_TIMEOUT,
        encryption_master_key_base64: str | bytes | None = None,
        json_encoder: type[json.JSONEncoder] | None = None,
        json_decoder: type[json.JSONDecoder] | None = None,
        *,
        max_retries: int = 2,
        hooks: Hooks | Mapping[str, Any] | None = None,
        offline: bool = False,
        max_event_bytes: int = rules.DEFAULT_MAX_EVENT_BYTES,
        http_client: httpx.Client | httpx.AsyncClient | None = None,
        backend: object = None,
    ) -> None:
        if backend is not None:
            raise TypeError("backend is not supported: pass http_client=httpx.Client(...) instead")
        self.app_id = rules.text(app_id, "app_id")
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
        self.timeout = float(timeout)
        self._master_key_secret = (
            SecretBytes(crypto.parse_master_key(encryption_master_key_base64))
            if encryption_master_key_base64
            else None
        )
        self._json_encoder = json_encoder
        self._json_decoder = json_decoder
        self.max_event_bytes = max_event_bytes
        self.offline = offline
        self._config = ClientConfig(
            self.base_url,
            package="pusher_api",
            auth=PusherAuth(self.key, self._secret),
            timeout=self.timeout,
            max_retries=max_retries,
            hooks=hooks,
            offline=offline,
            **user_clients(http_client, is_async=self._ASYNC, owner=type(self).__name__),
        )

    _ASYNC = False

    @property
    def _master_key(self) -> bytes | None:
        """The raw master key, revealed only where a payload is encrypted or decrypted."""
        return self._master_key_secret.reveal_bytes() if self._master_key_secret else None

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
        return cls(
            app_id=match.group(1),
            key=parts.username,
            secret=parts.password,
            host=parts.hostname,
            port=parts.port,
            ssl=parts.scheme == "https",
            **options,
        )

    @classmethod
    def from_env(cls, env: str = "PUSHER_URL", **options: Any) -> Self:
        """Build a client from the URL in an environment variable."""
        url = os.environ.get(env)
        if not url:
            raise OSError(f"environment variable {env} is not set")
        return cls.from_url(url, **options)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(app_id={self.app_id!r}, key={self.key!r}, host={self.host!r})"

    # -- request bodies -------------------------------------------------------------------------

    def _event_data(self, channel: str, data: Any) -> str:
        text = rules.data_text(data, self._json_encoder)
        if crypto.is_encrypted_channel(channel):
            if self._master_key is None:
                raise ValueError("encrypted channels need encryption_master_key_base64")
            text = crypto.encrypt(channel, text, self._master_key)
        return rules.check_size(text, self.max_event_bytes)

    def _trigger_body(
        self,
        channels: str | Iterable[str],
        event_name: str,
        data: Any,
        socket_id: str | None,
        info: str | None,
    ) -> TriggerEventBody:
        names = rules.channels(channels)
        return TriggerEventBody(
            name=rules.event_name(event_name),
            data=self._event_data(names[0], data),
            channels=names,
            socket_id=rules.socket_id(socket_id) if socket_id is not None else UNSET,
            info=info if info else UNSET,
        )

    def _batch_body(self, batch: Iterable[Mapping[str, Any]]) -> TriggerBatchBody:
        events = list(batch)
        rules.batch_size(len(events))
        built = []
        for event in events:
            if not isinstance(event, Mapping):
                raise TypeError("each batch event must be a dict with channel, name and data")
            missing = {"channel", "name", "data"} - event.keys()
            if missing:
                raise ValueError(f"batch event is missing {', '.join(sorted(missing))}")
            channel = rules.channel(event["channel"])
            socket_id = event.get("socket_id")
            built.append(
                BatchEvent(
                    channel=channel,
                    name=rules.event_name(event["name"]),
                    data=self._event_data(channel, event["data"]),
                    socket_id=rules.socket_id(socket_id) if socket_id is not None else UNSET,
                    info=event.get("info") or UNSET,
                )
            )
        return TriggerBatchBody(batch=built)

    # -- no network ------------------------------------------------------------------------------

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

    def authenticate_user(self, socket_id: str, user_data: dict[str, Any]) -> dict[str, str]:
        """The response body for a user authentication request."""
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
        return self._verify_raw(extract(request))

    async def averify_request(self, request: Any) -> dict[str, Any]:
        """:meth:`verify_request` for Starlette/FastAPI, whose body must be awaited."""
        return self._verify_raw(await aextract(request))

    def decrypt(self, channel: str, payload: str | bytes | dict[str, str]) -> str:
        """The plaintext of an event sent on an encrypted channel (what was passed as ``data``)."""
        if self._master_key is None:
            raise ValueError("decrypting needs encryption_master_key_base64")
        return crypto.decrypt(channel, payload, self._master_key)

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


class Pusher(_PusherBase):
    """Pusher Channels client, a drop-in for ``pusher.Pusher`` (sync)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._client = attach(Client(base_url=self.base_url), self._config, asynchronous=False)

    @property
    def api(self) -> Client:
        """The generated ``pusher_api`` client with the suite's signing, retries and errors: typed calls."""
        return self._client

    def trigger(
        self,
        channels: str | Iterable[str],
        event_name: str,
        data: Any,
        socket_id: str | None = None,
        *,
        info: Iterable[str] = (),
        request_options: RequestOptions | None = None,
    ) -> dict[str, Any]:
        """Publish an event on up to 100 channels; returns the parsed response."""
        body = self._trigger_body(channels, event_name, data, socket_id, _info(info))
        result = call(
            "trigger_event",
            trigger_event.sync,
            request_options,
            client=self._client,
            app_id=self.app_id,
            body=body,
        )
        return expect("trigger_event", result, TriggerEventResponse).to_dict()

    def trigger_batch(
        self, batch: Iterable[Mapping[str, Any]], *, request_options: RequestOptions | None = None
    ) -> dict[str, Any]:
        """Publish up to 10 events, each on its own channel, in one request."""
        body = self._batch_body(batch)
        result = call(
            "trigger_batch",
            trigger_batch.sync,
            request_options,
            client=self._client,
            app_id=self.app_id,
            body=body,
        )
        return expect("trigger_batch", result, TriggerBatchResponse).to_dict()

    def channels_info(
        self,
        prefix_filter: str | None = None,
        attributes: Iterable[str] = (),
        *,
        request_options: RequestOptions | None = None,
    ) -> dict[str, Any]:
        """Occupied channels, optionally those starting with ``prefix_filter``."""
        if prefix_filter is not None:
            rules.text(prefix_filter, "prefix_filter")
        result = call(
            "get_channels",
            get_channels.sync,
            request_options,
            client=self._client,
            app_id=self.app_id,
            filter_by_prefix=prefix_filter or UNSET,
            info=_info(attributes) or UNSET,
        )
        return expect("get_channels", result, ChannelsList).to_dict()

    def channel_info(
        self, channel: str, attributes: Iterable[str] = (), *, request_options: RequestOptions | None = None
    ) -> dict[str, Any]:
        """One channel's state: ``occupied`` and the requested attributes."""
        result = call(
            "get_channel",
            get_channel.sync,
            request_options,
            client=self._client,
            app_id=self.app_id,
            channel_name=rules.channel(channel),
            info=_info(attributes) or UNSET,
        )
        return expect("get_channel", result, ChannelInfo).to_dict()

    def users_info(self, channel: str, *, request_options: RequestOptions | None = None) -> dict[str, Any]:
        """The users of a presence channel."""
        result = call(
            "get_users",
            get_users.sync,
            request_options,
            client=self._client,
            app_id=self.app_id,
            channel_name=rules.channel(channel),
        )
        return expect("get_users", result, UsersList).to_dict()

    def terminate_user_connections(
        self, user_id: str, *, request_options: RequestOptions | None = None
    ) -> dict[str, Any]:
        """Close every connection of an authenticated user."""
        result = call(
            "terminate_user_connections",
            terminate_user_connections.sync,
            request_options,
            client=self._client,
            app_id=self.app_id,
            user_id=rules.user_id(user_id),
        )
        return expect("terminate_user_connections", result, EmptyResponse).to_dict()

    def close(self) -> None:
        """Close the connections this client opened (a user's own ``http_client`` stays open)."""
        self._client.get_httpx_client().close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncPusher(_PusherBase):
    """Pusher Channels client for asyncio: the same methods as :class:`Pusher`, awaitable."""

    _ASYNC = True

    def __init__(self, *args: Any, coalesce: bool = False, **kwargs: Any) -> None:
        """``coalesce=True`` sends concurrent triggers together in batch requests (see ``coalesce.py``)."""
        super().__init__(*args, **kwargs)
        self._client = attach(Client(base_url=self.base_url), self._config, sync=False)
        self._coalescer = TriggerCoalescer(self._send_batch) if coalesce else None

    async def _send_batch(self, events: Sequence[BatchEvent]) -> None:
        result = await acall(
            "trigger_batch",
            trigger_batch.asyncio,
            client=self._client,
            app_id=self.app_id,
            body=TriggerBatchBody(batch=list(events)),
        )
        expect("trigger_batch", result, TriggerBatchResponse)

    @property
    def api(self) -> Client:
        """The generated ``pusher_api`` client, with the suite's signing, retries and errors."""
        return self._client

    async def trigger(
        self,
        channels: str | Iterable[str],
        event_name: str,
        data: Any,
        socket_id: str | None = None,
        *,
        info: Iterable[str] = (),
        request_options: RequestOptions | None = None,
    ) -> dict[str, Any]:
        body = self._trigger_body(channels, event_name, data, socket_id, _info(info))
        if self._coalescer is not None and body.info is UNSET and request_options is None:
            events = [
                BatchEvent(channel=channel, name=body.name, data=body.data, socket_id=body.socket_id)
                for channel in body.channels or []
            ]
            await self._coalescer.submit(events)
            return {}
        result = await acall(
            "trigger_event",
            trigger_event.asyncio,
            request_options,
            client=self._client,
            app_id=self.app_id,
            body=body,
        )
        return expect("trigger_event", result, TriggerEventResponse).to_dict()

    async def trigger_batch(
        self, batch: Iterable[Mapping[str, Any]], *, request_options: RequestOptions | None = None
    ) -> dict[str, Any]:
        body = self._batch_body(batch)
        result = await acall(
            "trigger_batch",
            trigger_batch.asyncio,
            request_options,
            client=self._client,
            app_id=self.app_id,
            body=body,
        )
        return expect("trigger_batch", result, TriggerBatchResponse).to_dict()

    async def channels_info(
        self,
        prefix_filter: str | None = None,
        attributes: Iterable[str] = (),
        *,
        request_options: RequestOptions | None = None,
    ) -> dict[str, Any]:
        if prefix_filter is not None:
            rules.text(prefix_filter, "prefix_filter")
        result = await acall(
            "get_channels",
            get_channels.asyncio,
            request_options,
            client=self._client,
            app_id=self.app_id,
            filter_by_prefix=prefix_filter or UNSET,
            info=_info(attributes) or UNSET,
        )
        return expect("get_channels", result, ChannelsList).to_dict()

    async def channel_info(
        self, channel: str, attributes: Iterable[str] = (), *, request_options: RequestOptions | None = None
    ) -> dict[str, Any]:
        result = await acall(
            "get_channel",
            get_channel.asyncio,
            request_options,
            client=self._client,
            app_id=self.app_id,
            channel_name=rules.channel(channel),
            info=_info(attributes) or UNSET,
        )
        return expect("get_channel", result, ChannelInfo).to_dict()

    async def users_info(
        self, channel: str, *, request_options: RequestOptions | None = None
    ) -> dict[str, Any]:
        result = await acall(
            "get_users",
            get_users.asyncio,
            request_options,
            client=self._client,
            app_id=self.app_id,
            channel_name=rules.channel(channel),
        )
        return expect("get_users", result, UsersList).to_dict()

    async def terminate_user_connections(
        self, user_id: str, *, request_options: RequestOptions | None = None
    ) -> dict[str, Any]:
        result = await acall(
            "terminate_user_connections",
            terminate_user_connections.asyncio,
            request_options,
            client=self._client,
            app_id=self.app_id,
            user_id=rules.user_id(user_id),
        )
        return expect("terminate_user_connections", result, EmptyResponse).to_dict()

    async def aclose(self) -> None:
        await self._client.get_async_httpx_client().aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()
