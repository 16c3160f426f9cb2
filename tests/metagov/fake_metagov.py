"""A Metagov-shaped service for end-to-end tests: communities and processes in memory.

It validates every request body against the schemas of ``specs/metagov.yaml`` (via the copy the
generated package ships), versions communities with ETags, refuses actions of plugins that are not
enabled, and completes a process after ``polls_to_complete`` reads.
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from typing import Any

import attrs
import jsonschema
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

SPEC = json.loads(resources.files("metagov_api").joinpath("openapi.json").read_text())

CATALOGUE = {
    "plugins": [
        {
            "name": "tutorial",
            "config_schema": {
                "type": "object",
                "properties": {"api_key": {"type": "string"}, "foo": {"type": "string"}},
                "required": ["api_key"],
            },
            "actions": [
                {
                    "id": "tutorial.times-two",
                    "input_schema": {
                        "type": "object",
                        "properties": {"value": {"type": "integer"}},
                        "required": ["value"],
                    },
                }
            ],
            "processes": [
                {
                    "id": "tutorial.vote",
                    "input_schema": {
                        "type": "object",
                        "properties": {"title": {"type": "string"}},
                        "required": ["title"],
                    },
                }
            ],
        },
        {"name": "slack", "config_schema": {"type": "object"}, "actions": [], "processes": []},
    ]
}


def _schema(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}", "components": SPEC["components"]}


def _error(status: int, detail: str, code: str) -> JSONResponse:
    return JSONResponse({"detail": detail, "code": code}, status)


@attrs.define
class FakeMetagov:
    polls_to_complete: int = 3
    communities: dict[str, dict[str, Any]] = attrs.field(factory=dict)
    processes: dict[int, dict[str, Any]] = attrs.field(factory=dict)
    polls: dict[int, int] = attrs.field(factory=dict)
    actions: list[tuple[str, str, dict[str, Any]]] = attrs.field(factory=list)

    @staticmethod
    def etag(community: dict[str, Any]) -> str:
        return '"' + hashlib.sha256(json.dumps(community, sort_keys=True).encode()).hexdigest()[:16] + '"'

    async def body(self, request: Request, schema: str) -> dict[str, Any] | JSONResponse:
        data = await request.json()
        errors = list(jsonschema.Draft202012Validator(_schema(schema)).iter_errors(data))
        if errors:
            return _error(400, errors[0].message, "invalid_request")
        return data  # type: ignore[no-any-return]

    async def community(self, request: Request) -> Response:
        slug = request.path_params["slug"]
        if request.method == "PUT":
            data = await self.body(request, "Community")
            if isinstance(data, JSONResponse):
                return data
            wanted = request.headers.get("if-match")
            if wanted and slug in self.communities and wanted != self.etag(self.communities[slug]):
                return _error(412, "The community was modified by someone else.", "precondition_failed")
            data.setdefault("readable_name", "")
            self.communities[slug] = data
        elif slug not in self.communities:
            return _error(404, "Not found.", "not_found")
        if request.method == "DELETE":
            del self.communities[slug]
            return Response(status_code=204)
        community = self.communities[slug]
        return JSONResponse(community, headers={"ETag": self.etag(community)})

    async def hooks(self, request: Request) -> JSONResponse:
        slug = request.path_params["slug"]
        plugins = self.communities.get(slug, {}).get("plugins", [])
        base = str(request.base_url).rstrip("/")
        return JSONResponse({"hooks": [f"{base}/api/hooks/{slug}/{p['name']}" for p in plugins]})

    async def plugins(self, request: Request) -> JSONResponse:
        return JSONResponse(CATALOGUE)

    def _enabled(self, request: Request, plugin: str) -> JSONResponse | None:
        community = request.headers.get("x-metagov-community", "")
        names = [p["name"] for p in self.communities.get(community, {}).get("plugins", [])]
        if plugin not in names:
            return _error(
                400, f"Plugin '{plugin}' not enabled for community '{community}'", "plugin_not_enabled"
            )
        return None

    async def action(self, request: Request) -> JSONResponse:
        plugin, _, action = request.path_params["name"].partition(".")
        refusal = self._enabled(request, plugin)
        if refusal:
            return refusal
        data = await self.body(request, "ActionRequest")
        if isinstance(data, JSONResponse):
            return data
        schema = next(
            a["input_schema"]
            for p in CATALOGUE["plugins"]
            for a in p["actions"]
            if a["id"] == f"{plugin}.{action}"
        )
        if list(jsonschema.Draft202012Validator(schema).iter_errors(data["parameters"])):
            return _error(400, "parameters do not match the action's input schema", "invalid_parameters")
        self.actions.append((plugin, action, data["parameters"]))
        return JSONResponse({"result": data["parameters"].get("value", 0) * 2})

    async def start(self, request: Request) -> JSONResponse:
        name = request.path_params["name"]
        refusal = self._enabled(request, name.partition(".")[0])
        if refusal:
            return refusal
        data = await self.body(request, "ProcessRequest")
        if isinstance(data, JSONResponse):
            return data
        process_id = len(self.processes) + 1
        self.processes[process_id] = {
            "id": process_id,
            "name": name,
            "community": request.headers["x-metagov-community"],
            "status": "pending",
            "errors": {},
            "outcome": None,
            "parameters": data.get("parameters", {}),
        }
        public = {k: v for k, v in self.processes[process_id].items() if k != "parameters"}
        return JSONResponse(public, 201, headers={"Location": f"/api/internal/process/{name}/{process_id}"})

    async def process(self, request: Request) -> JSONResponse:
        process_id = int(request.path_params["process_id"])
        process = self.processes.get(process_id)
        if process is None or process["name"] != request.path_params["name"]:
            return _error(404, "Not found.", "not_found")
        if request.method == "DELETE" or process["status"] == "pending":
            self.polls[process_id] = self.polls.get(process_id, 0) + 1
            if request.method == "DELETE" or self.polls[process_id] >= self.polls_to_complete:
                process["status"] = "completed"
                process["outcome"] = {"votes": {"yes": 12, "no": 3}, "winner": "yes"}
        return JSONResponse({k: v for k, v in process.items() if k != "parameters"})

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/api/internal/community/{slug}", self.community, methods=["GET", "PUT", "DELETE"]),
                Route("/api/internal/community/{slug}/hooks", self.hooks),
                Route("/api/internal/plugins", self.plugins),
                Route("/api/internal/action/{name}", self.action, methods=["POST"]),
                Route("/api/internal/process/{name}", self.start, methods=["POST"]),
                Route("/api/internal/process/{name}/{process_id}", self.process, methods=["GET", "DELETE"]),
            ]
        )
