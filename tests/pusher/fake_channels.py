"""A Channels-compatible HTTP endpoint for end-to-end tests: checks every signature, records events.

It re-derives each request's signature from the app secret exactly as the Channels API does and
answers 401 on any mismatch, so a signing bug cannot pass unnoticed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections import deque
from typing import Any

import attrs
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


@attrs.define
class FakeChannels:
    app_id: str
    key: str
    secret: str
    events: list[dict[str, Any]] = attrs.field(factory=list)
    terminated: list[str] = attrs.field(factory=list)
    failures: deque[int] = attrs.field(factory=deque)
    requests: int = 0
    occupied: dict[str, int] = attrs.field(factory=lambda: {"presence-room": 2, "private-a": 1})

    async def _verify(self, request: Request) -> tuple[bytes, JSONResponse | None]:
        self.requests += 1
        body = await request.body()
        params = dict(request.query_params)
        signature = params.pop("auth_signature", "")
        if params.get("auth_key") != self.key or params.get("auth_version") != "1.0":
            return body, JSONResponse({"error": "unknown auth_key or version"}, 401)
        if abs(time.time() - int(params.get("auth_timestamp", "0"))) > 600:
            return body, JSONResponse({"error": "timestamp expired"}, 401)
        if body and params.get("body_md5") != hashlib.md5(body, usedforsecurity=False).hexdigest():
            return body, JSONResponse({"error": "body_md5 mismatch"}, 401)
        query = "&".join(f"{k}={params[k]}" for k in sorted(params))
        expected = hmac.new(
            self.secret.encode(), f"{request.method}\n{request.url.path}\n{query}".encode(), hashlib.sha256
        ).hexdigest()
        if not hmac.compare_digest(expected, signature):
            return body, JSONResponse({"error": "invalid signature"}, 401)
        if request.path_params.get("app_id") != self.app_id:
            return body, JSONResponse({"error": "unknown app"}, 404)
        if self.failures:
            return body, JSONResponse({"error": "scripted failure"}, self.failures.popleft())
        return body, None

    def _attributes(self, channel: str, info: str | None) -> dict[str, int]:
        wanted = set((info or "").split(",")) - {""}
        attributes: dict[str, int] = {}
        if "subscription_count" in wanted:
            attributes["subscription_count"] = self.occupied.get(channel, 0)
        if "user_count" in wanted and channel.startswith("presence-"):
            attributes["user_count"] = self.occupied.get(channel, 0)
        return attributes

    async def trigger(self, request: Request) -> JSONResponse:
        body, refusal = await self._verify(request)
        if refusal:
            return refusal
        event = json.loads(body)
        channels = event.get("channels") or [event["channel"]]
        self.events.extend({**event, "channel": channel} for channel in channels)
        if event.get("info"):
            return JSONResponse({"channels": {c: self._attributes(c, event["info"]) for c in channels}})
        return JSONResponse({})

    async def batch(self, request: Request) -> JSONResponse:
        body, refusal = await self._verify(request)
        if refusal:
            return refusal
        batch = json.loads(body)["batch"]
        self.events.extend(batch)
        if any(e.get("info") for e in batch):
            return JSONResponse({"batch": [self._attributes(e["channel"], e.get("info")) for e in batch]})
        return JSONResponse({})

    async def channels(self, request: Request) -> JSONResponse:
        _, refusal = await self._verify(request)
        if refusal:
            return refusal
        prefix = request.query_params.get("filter_by_prefix", "")
        info = request.query_params.get("info")
        found = {c: self._attributes(c, info) for c in self.occupied if c.startswith(prefix)}
        return JSONResponse({"channels": found})

    async def channel(self, request: Request) -> JSONResponse:
        _, refusal = await self._verify(request)
        if refusal:
            return refusal
        name = request.path_params["channel_name"]
        attributes = self._attributes(name, request.query_params.get("info"))
        return JSONResponse({"occupied": name in self.occupied, **attributes})

    async def users(self, request: Request) -> JSONResponse:
        _, refusal = await self._verify(request)
        if refusal:
            return refusal
        return JSONResponse({"users": [{"id": "1035"}, {"id": "4821"}]})

    async def terminate(self, request: Request) -> JSONResponse:
        _, refusal = await self._verify(request)
        if refusal:
            return refusal
        self.terminated.append(request.path_params["user_id"])
        return JSONResponse({})

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/apps/{app_id}/events", self.trigger, methods=["POST"]),
                Route("/apps/{app_id}/batch_events", self.batch, methods=["POST"]),
                Route("/apps/{app_id}/channels", self.channels, methods=["GET"]),
                Route("/apps/{app_id}/channels/{channel_name}", self.channel, methods=["GET"]),
                Route("/apps/{app_id}/channels/{channel_name}/users", self.users, methods=["GET"]),
                Route(
                    "/apps/{app_id}/users/{user_id}/terminate_connections", self.terminate, methods=["POST"]
                ),
            ]
        )
