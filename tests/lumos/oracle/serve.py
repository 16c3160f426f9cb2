"""Serve the oracle connector with connector-py's ``create_asgi_app`` under uvicorn on 127.0.0.1.

``python serve.py [PREFIX]`` binds a free port, prints it on the first line of stdout, and serves
until killed. With ``PREFIX`` (``/conn-1``) a gateway-style wrapper strips that path prefix first.
"""

from __future__ import annotations

import socket
import sys
from pathlib import Path
from typing import Any

import uvicorn

sys.path.insert(0, str(Path(__file__).resolve().parent))

from connector.http_server import create_asgi_app
from integration import integration


async def _answer(send: Any, status: int, body: bytes) -> None:
    headers = [(b"content-type", b"application/json")]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def behind_prefix(app: Any, prefix: str) -> Any:
    """What a gateway in front of many connectors does: route ``/{connector_id}/...`` to one of them.

    Like the Lumos platform (which reads ``connector info``), it also answers ``info`` from the
    integration's own ``Integration.info()``, which connector-py's ASGI app does not serve.
    """

    async def gateway(scope: dict[str, Any], receive: Any, send: Any) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http":
            if not path.startswith(prefix + "/"):
                await _answer(send, 404, b'{"detail": "no such connector"}')
                return
            if path == f"{prefix}/info" and scope["method"] == "POST":
                await _answer(send, 200, integration.info().model_dump_json().encode())
                return
            scope = {**scope, "path": path[len(prefix) :], "root_path": prefix}
        await app(scope, receive, send)

    return gateway


def main() -> None:
    app = create_asgi_app(integration)
    if len(sys.argv) > 1:
        app = behind_prefix(app, sys.argv[1])
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    print(sock.getsockname()[1], flush=True)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    uvicorn.Server(config).run(sockets=[sock])


if __name__ == "__main__":
    main()
