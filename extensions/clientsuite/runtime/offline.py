"""A transport that answers from the spec's documented examples and never touches the network.

Every service client accepts ``offline=True`` and then sends through this transport: each
request is matched against the spec's operations (method and path) and answered with the
example of the operation's first documented success response. An undocumented route gets a
404 whose body names it, so a typo in a path fails loudly instead of silently succeeding.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from clientsuite.runtime.routes import Routes


def _request_data(request: httpx.Request) -> dict[str, Any]:
    """What ``x-clientsuite-when`` conditions look at: the JSON body, and ``query.<name>``."""
    data: dict[str, Any] = {"query": dict(request.url.params)}
    try:
        body = json.loads(request.content) if request.content else None
    except ValueError:
        body = None
    if isinstance(body, dict):
        data.update(body)
    return data


class OfflineTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    def __init__(self, routes: Routes, base_path: str = "", log: list[httpx.Request] | None = None) -> None:
        self.routes = routes
        self.base_path = base_path.rstrip("/")
        self.requests: list[httpx.Request] = [] if log is None else log  # what would have been sent

    def _answer(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path
        if self.base_path and path.startswith(self.base_path):
            path = path[len(self.base_path) :] or "/"
        route = self.routes.match(request.method, path)
        if route is None:
            allowed = self.routes.paths(path)
            status = 405 if allowed else 404
            reason = (
                f"{request.method} is not documented for {path} (documented: {', '.join(allowed)})"
                if allowed
                else f"no operation documents {request.method} {path}"
            )
            return httpx.Response(status, json={"error": f"offline mode: {reason}"}, request=request)
        example = route.example(_request_data(request))
        if example is None:
            reason = f"offline mode: {route.operation_id} documents no example for its success response"
            return httpx.Response(501, json={"error": reason}, request=request)
        headers = {**example.headers, "x-clientsuite-offline": route.operation_id}
        if example.body is None:
            return httpx.Response(example.status_code, headers=headers, request=request)
        if isinstance(example.body, str) and not example.content_type.endswith("json"):
            content = example.body.encode()
        else:
            content = json.dumps(example.body).encode()
        headers["content-type"] = example.content_type
        return httpx.Response(example.status_code, headers=headers, content=content, request=request)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        return self._answer(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        return self._answer(request)
