"""A connector server for end-to-end tests, shaped like connector-py's dev HTTP server."""

from __future__ import annotations

from typing import Any

import attrs
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

ACCOUNTS = [
    {"integration_specific_id": f"u-{n}", "email": f"user{n}@acme.com", "user_status": "ACTIVE"}
    for n in range(5)
]


def error(code: str, message: str, status: int, http_status: int = 200) -> JSONResponse:
    body = {
        "is_error": True,
        "error": {
            "message": message,
            "status_code": status,
            "error_code": f"fake.{code}",
            "app_id": "fake",
            "raised_by": "ConnectorError",
            "raised_in": "fake:handler",
        },
    }
    return JSONResponse(body, http_status)


@attrs.define
class FakeConnector:
    assigned: set[tuple[str, str]] = attrs.field(factory=set)
    requests: list[tuple[str, dict[str, Any]]] = attrs.field(factory=list)
    rate_limited_once: bool = False

    async def handle(self, request: Request) -> JSONResponse:
        capability = request.path_params["capability"]
        body = await request.json()
        self.requests.append((capability, body))
        if body.get("auth", {}).get("token", {}).get("token") != "secret-token":
            return error("unauthorized", "Bad credentials", 401, http_status=401)
        handler = getattr(self, capability, None)
        if handler is None:
            return error("not_implemented", f"{capability} is not implemented", 501)
        return handler(body)

    def info(self, body: dict[str, Any]) -> JSONResponse:
        capabilities = [
            "info",
            "validate_credentials",
            "list_accounts",
            "get_account",
            "assign_entitlement",
            "unassign_entitlement",
            "list_resources",
        ]
        return JSONResponse({"response": {"app_id": "fake", "version": "1.0", "capabilities": capabilities}})

    def validate_credentials(self, body: dict[str, Any]) -> JSONResponse:
        return JSONResponse({"response": {"valid": True, "unique_tenant_id": body["settings"]["org"]}})

    def list_accounts(self, body: dict[str, Any]) -> JSONResponse:
        page = body.get("page") or {}
        start = int(page.get("token") or 0)
        size = int(page.get("size") or 2)
        chunk = ACCOUNTS[start : start + size]
        token = str(start + size) if start + size < len(ACCOUNTS) else None
        raw = {"fetched": len(chunk)} if body.get("include_raw_data") else None
        return JSONResponse({"response": chunk, "raw_data": raw, "page": {"token": token, "size": size}})

    def get_account(self, body: dict[str, Any]) -> JSONResponse:
        wanted = body["request"]["account_id"]
        for account in ACCOUNTS:
            if account["integration_specific_id"] == wanted:
                return JSONResponse({"response": account})
        return error("not_found", f"account {wanted} not found", 404)  # an error inside an HTTP 200

    def list_resources(self, body: dict[str, Any]) -> JSONResponse:
        if not self.rate_limited_once:
            self.rate_limited_once = True
            return error("rate_limit", "slow down", 429)  # in a 200: the client must still retry
        return JSONResponse(
            {"response": [{"integration_specific_id": "repo-1", "resource_type": "repo", "label": "api"}]}
        )

    def _assignment(self, body: dict[str, Any]) -> tuple[str, str]:
        request = body["request"]
        return request["account_integration_specific_id"], request["entitlement_integration_specific_id"]

    def assign_entitlement(self, body: dict[str, Any]) -> JSONResponse:
        self.assigned.add(self._assignment(body))
        return JSONResponse({"response": {"assigned": True}})

    def unassign_entitlement(self, body: dict[str, Any]) -> JSONResponse:
        pair = self._assignment(body)
        if pair not in self.assigned:
            return error("not_found", "no such assignment", 404, http_status=404)
        self.assigned.discard(pair)
        return JSONResponse({"response": {"unassigned": True}})

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/{capability}", self.handle, methods=["POST"]),
                Route("/conn-1/{capability}", self.handle, methods=["POST"]),
            ]
        )
