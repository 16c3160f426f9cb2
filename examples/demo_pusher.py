"""Pusher Channels, offline: trigger, an encrypted trigger and its decryption, auth, webhooks."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import time
from typing import Any

from clientsuite.pusher import Pusher
from rich.console import Console

from examples.report import Report


def run(console: Console) -> dict[str, Any]:
    report = Report(console, "Pusher Channels")
    master_key = base64.b64encode(os.urandom(32)).decode()
    pusher = Pusher(
        "4", "demo-key", "demo-secret", cluster="eu", encryption_master_key_base64=master_key, offline=True
    )
    report.step(
        "trigger('a_channel', 'an_event', {...})", pusher.trigger("a_channel", "an_event", {"some": "data"})
    )
    pusher.trigger("private-encrypted-room", "secret-event", {"message": "hello world"})
    sent = pusher.sent_events()[-1]
    report.step("what the encrypted trigger sent", json.loads(sent["data"]))
    plain = report.step("decrypt(...)", pusher.decrypt("private-encrypted-room", sent["data"]))
    report.step(
        "channel_info('presence-chatroom', ['user_count'])",
        pusher.channel_info("presence-chatroom", ["user_count"]),
    )
    auth = report.step(
        "authenticate('private-encrypted-room', '1234.12')",
        pusher.authenticate("private-encrypted-room", "1234.12"),
    )
    body = json.dumps(
        {"time_ms": int(time.time() * 1000), "events": [{"name": "channel_occupied", "channel": "a_channel"}]}
    )
    signature = hmac.new(b"demo-secret", body.encode(), hashlib.sha256).hexdigest()
    webhook = report.step("validate_webhook(genuine)", pusher.validate_webhook("demo-key", signature, body))
    forged = report.step("validate_webhook(forged)", pusher.validate_webhook("demo-key", "0" * 64, body))
    report.show()
    return {"plain": json.loads(plain), "auth": auth, "webhook": webhook, "forged": forged}


if __name__ == "__main__":
    run(Console())
