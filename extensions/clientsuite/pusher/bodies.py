"""Request bodies of the Channels API, checked before anything is sent; sync and async share them."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from pusher_api import models  # each model (and attrs) loads with the first body built

if TYPE_CHECKING:
    from pusher_api.models import TriggerBatchBody, TriggerEventBody

from clientsuite.pusher import crypto, rules
from clientsuite.redaction import SecretBytes


def info(attributes: Iterable[str]) -> str | None:
    """The ``info`` query value: attribute names joined by commas, or ``None`` when there are none."""
    if isinstance(attributes, str):
        raise TypeError("attributes must be a collection of strings, e.g. ['user_count']")
    listed = [rules.text(a, "attribute") for a in attributes]
    return ",".join(listed) if listed else None


class BodyBuilder:
    """Serialises, encrypts and size-checks event data the way the official library does."""

    def __init__(
        self, master_key: SecretBytes | None, encoder: type[json.JSONEncoder] | None, max_event_bytes: int
    ) -> None:
        self._master_key = master_key  # revealed only to encrypt
        self._encoder = encoder
        self.max_event_bytes = max_event_bytes

    def data(self, channel: str, data: Any, already_encoded: bool = False) -> str:
        if already_encoded:  # the caller serialised (and, for encrypted channels, sealed) it
            if not isinstance(data, str):
                raise TypeError("with already_encoded=True, each event's data must be a string")
            return rules.check_size(data, self.max_event_bytes)
        text = rules.data_text(data, self._encoder)
        if crypto.is_encrypted_channel(channel):
            if self._master_key is None:
                raise ValueError("encrypted channels need encryption_master_key_base64")
            text = crypto.encrypt(channel, text, self._master_key.reveal_bytes())
        return rules.check_size(text, self.max_event_bytes)

    def trigger(
        self, channels: Any, event_name: str, data: Any, socket_id: str | None, info: str | None
    ) -> TriggerEventBody:
        names = rules.channels(channels)
        return models.TriggerEventBody(
            name=rules.event_name(event_name),
            data=self.data(names[0], data),
            channels=names,
            socket_id=rules.socket_id(socket_id) if socket_id else None,
            info=info if info else None,
        )

    def batch(self, batch: Iterable[Mapping[str, Any]], already_encoded: bool = False) -> TriggerBatchBody:
        """Checked batch events; unlike the official library, the caller's dicts are left unchanged."""
        if isinstance(batch, Mapping | str | bytes):
            raise TypeError("batch must be a list of event dicts")
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
                models.BatchEvent(
                    channel=channel,
                    name=rules.event_name(event["name"]),
                    data=self.data(channel, event["data"], already_encoded),
                    socket_id=rules.socket_id(socket_id) if socket_id else None,
                    info=event.get("info") or None,
                )
            )
        return models.TriggerBatchBody(batch=built)
