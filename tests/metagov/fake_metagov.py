"""A Metagov-shaped service for end-to-end tests, behaving as the real gateway was observed to.

- PUT of a community answers 201 when it creates it (the body's ``name`` must equal the slug,
  else a 400) and 200 when it replaces it; no response carries an ``ETag``.
- The catalogue is ``/plugin-schemas`` and a community's ``/actions``, ``/processes``, ``/events``.
- A process starts from top-level parameters beside ``callback_url`` and answers 202 with an
  empty body and ``Location``; its record goes ``created`` -> ``pending`` -> ``completed``;
  closing a completed process is a 400.
- A 400 is a JSON list of messages or an object of field to messages; a 404 is empty HTML.
- DELETE of a community answers 204 *with* a 49-byte JSON body, written with the headers.
- ``/hooks`` lists paths, not URLs.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import attrs
import jsonschema

from tests.metagov.raw_http import Answer

STRAY_BODY = b'{"detail": "Community deleted.", "deleted": true}'
assert len(STRAY_BODY) == 49

TUTORIAL_CONFIG = {
    "type": "object",
    "properties": {
        "api_key": {"type": "string"},
        "foo": {"type": "string"},
        "webhook_slug": {"type": "string"},
    },
    "required": ["api_key"],
}
PLUGINS: dict[str, dict[str, Any]] = {
    "tutorial": {
        "config_schema": TUTORIAL_CONFIG,
        "actions": {
            "times-two": {
                "type": "object",
                "properties": {"value": {"type": "integer"}},
                "required": ["value"],
            }
        },
        "processes": {
            "vote": {
                "type": "object",
                "properties": {"question": {"type": "string"}, "options": {"type": "array"}},
                "required": ["question"],
            }
        },
        "events": ["post_created"],
    },
    "slack": {"config_schema": {"type": "object"}, "actions": {}, "processes": {}, "events": []},
}


def _json(status: int, data: Any, headers: dict[str, str] | None = None) -> Answer:
    return status, {"Content-Type": "application/json", **(headers or {})}, json.dumps(data).encode()


NOT_FOUND: Answer = (404, {"Content-Type": "text/html; charset=utf-8"}, b"")


def _violations(schema: dict[str, Any], value: Any) -> list[str]:
    return [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(value)]


@attrs.define
class FakeMetagov:
    polls_to_complete: int = 3
    communities: dict[str, dict[str, Any]] = attrs.field(factory=dict)
    processes: dict[int, dict[str, Any]] = attrs.field(factory=dict)
    polls: dict[int, int] = attrs.field(factory=dict)
    actions: list[tuple[str, str, dict[str, Any]]] = attrs.field(factory=list)
    process_bodies: list[dict[str, Any]] = attrs.field(factory=list)
    requests: list[str] = attrs.field(factory=list)
    # Runs once after the next stored PUT: another writer whose change lands right after it.
    after_next_put: Callable[[], None] | None = None
    hang_polls: bool = False  # GET of a process never answers

    def __call__(self, method: str, target: str, headers: dict[str, str], body: bytes) -> Answer | None:
        path = urlsplit(target).path.rstrip("/")
        self.requests.append(f"{method} {path}")
        data = json.loads(body) if body else None
        parts = path.removeprefix("/api/internal/").split("/")
        if path == "/api/internal/plugin-schemas" and method == "GET":
            return _json(200, {name: p["config_schema"] for name, p in PLUGINS.items()})
        if parts[0] == "community" and len(parts) == 2:
            return self.community(method, parts[1], data)
        if parts[0] == "community" and len(parts) == 3 and method == "GET":
            return self.listing(parts[1], parts[2])
        if parts[0] == "action" and len(parts) == 2 and method == "POST":
            return self.action(parts[1], headers.get("x-metagov-community", ""), data)
        if parts[0] == "process" and len(parts) == 2 and method == "POST":
            return self.start(parts[1], headers.get("x-metagov-community", ""), data)
        if parts[0] == "process" and len(parts) == 3 and parts[2].isdigit():
            if self.hang_polls and method == "GET":
                return None
            return self.process(method, parts[1], int(parts[2]))
        return NOT_FOUND

    def community(self, method: str, slug: str, data: Any) -> Answer:
        if method == "PUT":
            return self.put(slug, data)
        if slug not in self.communities:
            return NOT_FOUND
        if method == "DELETE":
            del self.communities[slug]
            return 204, {"Content-Type": "application/json"}, STRAY_BODY  # the service's bug
        return _json(200, self.communities[slug])

    def put(self, slug: str, data: Any) -> Answer:
        if not isinstance(data, dict) or not isinstance(data.get("plugins", []), list):
            return _json(400, ["Invalid community"])
        if slug not in self.communities and data.get("name") != slug:
            return _json(400, {"name": ["Community name must match the slug in the URL"]})
        for plugin in data.get("plugins", []):
            if plugin.get("name") not in PLUGINS:
                return _json(400, [f"No such plugin: {plugin.get('name')}"])
            problems = _violations(PLUGINS[plugin["name"]]["config_schema"], plugin.get("config", {}))
            if problems:
                return _json(400, problems)
        created = slug not in self.communities
        stored = {
            "name": slug,
            "readable_name": data.get("readable_name", ""),
            "plugins": data.get("plugins", []),
        }
        self.communities[slug] = stored
        answer = _json(201 if created else 200, stored)
        if self.after_next_put is not None:
            self.after_next_put, later = None, self.after_next_put
            later()
        return answer

    def enabled(self, slug: str) -> list[dict[str, Any]]:
        return list(self.communities.get(slug, {}).get("plugins", []))

    def listing(self, slug: str, kind: str) -> Answer:
        if slug not in self.communities:
            return NOT_FOUND
        names = [p["name"] for p in self.enabled(slug)]
        if kind == "hooks":
            hooks = []
            for plugin in self.enabled(slug):
                extra = plugin.get("config", {}).get("webhook_slug")
                hooks.append(f"/api/hooks/{slug}/{plugin['name']}" + (f"/{extra}" if extra else ""))
            return _json(200, {"hooks": hooks})
        if kind in ("actions", "processes"):
            items = [
                {"id": f"{n}.{s}", "description": s, "parameters_schema": schema, "response_schema": None}
                for n in names
                for s, schema in PLUGINS[n][kind].items()
            ]
            return _json(200, {kind: items})
        if kind == "events":
            events = [
                {"event_type": e, "source": n, "schema": {"type": "object"}}
                for n in names
                for e in PLUGINS[n]["events"]
            ]
            return _json(200, {"events": events})
        return NOT_FOUND

    def _refusal(self, plugin: str, community: str) -> Answer | None:
        if plugin not in PLUGINS:
            return NOT_FOUND
        if plugin not in [p["name"] for p in self.enabled(community)]:
            return _json(400, [f"Plugin '{plugin}' is not enabled for community '{community}'"])
        return None

    def action(self, name: str, community: str, data: Any) -> Answer:
        plugin, _, slug = name.partition(".")
        refusal = self._refusal(plugin, community)
        if refusal:
            return refusal
        schema = PLUGINS[plugin]["actions"].get(slug)
        if schema is None:
            return NOT_FOUND
        parameters = (data or {}).get("parameters", {})
        problems = _violations(schema, parameters)
        if problems:
            return _json(400, problems)
        self.actions.append((plugin, slug, parameters))
        return _json(200, {"result": parameters["value"] * 2})

    def start(self, name: str, community: str, data: Any) -> Answer:
        plugin, _, slug = name.partition(".")
        refusal = self._refusal(plugin, community)
        if refusal:
            return refusal
        schema = PLUGINS[plugin]["processes"].get(slug)
        if schema is None:
            return NOT_FOUND
        data = dict(data or {})
        self.process_bodies.append(dict(data))
        data.pop("callback_url", None)
        problems = _violations(schema, data)
        if problems:
            return _json(400, problems)
        process_id = len(self.processes) + 1
        self.processes[process_id] = {
            "id": process_id,
            "name": name,
            "community": community,
            "status": "created",
            "errors": {},
            "outcome": None,
        }
        return 202, {"Location": f"/api/internal/process/{name}/{process_id}"}, b""

    def process(self, method: str, name: str, process_id: int) -> Answer:
        record = self.processes.get(process_id)
        if record is None or record["name"] != name:
            return NOT_FOUND
        if method == "DELETE":
            if record["status"] == "completed":
                return _json(400, ["Can't close process, it has status completed"])
            record.update(status="completed", outcome={"votes": {"yes": 2, "no": 1}, "winner": "yes"})
            return _json(200, record)
        if method != "GET":
            return NOT_FOUND
        self.polls[process_id] = self.polls.get(process_id, 0) + 1
        if record["status"] == "created":
            record["status"] = "pending"
        elif record["status"] == "pending" and self.polls[process_id] >= self.polls_to_complete:
            record.update(status="completed", outcome={"votes": {"yes": 12, "no": 3}, "winner": "yes"})
        return _json(200, record)
