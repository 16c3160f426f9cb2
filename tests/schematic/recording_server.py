"""A loopback Schematic API that records every request and answers by route.

Both the official SDK and the suite talk to one instance, so the parity tests compare what each
really put on the wire. Answers are JSON bodies the test sets per route (``server.bodies``).
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import attrs
import pytest

ROUTES: list[tuple[str, re.Pattern[str], str]] = [
    ("POST", re.compile(r"^/flags/check$"), "check_flags"),
    ("POST", re.compile(r"^/flags/[^/]+/check$"), "check_flag"),
    ("GET", re.compile(r"^/companies$"), "list_companies"),
    ("POST", re.compile(r"^/companies$"), "upsert_company"),
    ("GET", re.compile(r"^/companies/[^/]+$"), "get_company"),
    ("POST", re.compile(r"^/users$"), "upsert_user"),
    ("GET", re.compile(r"^/users/[^/]+$"), "get_user"),
    ("POST", re.compile(r"^/batch$"), "capture_events"),
]


@attrs.frozen
class Recorded:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # names lower-cased
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


class RecordingServer:
    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.bodies: dict[str, Any] = {"capture_events": {}}
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _handle(self) -> None:
                url = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                record = Recorded(
                    self.command,
                    url.path,
                    parse_qs(url.query, keep_blank_values=True),
                    {k.lower(): v for k, v in self.headers.items()},
                    body,
                )
                with server._lock:
                    server.requests.append(record)
                status, answer = server.answer(self.command, url.path)
                payload = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = _handle

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def answer(self, method: str, path: str) -> tuple[int, Any]:
        for verb, pattern, operation in ROUTES:
            if verb == method and pattern.match(path) and operation in self.bodies:
                return 200, self.bodies[operation]
        return 404, {"error": f"no route for {method} {path}"}

    def take(self) -> list[Recorded]:
        """The requests recorded since the last call."""
        with self._lock:
            taken, self.requests = self.requests, []
        return taken

    def start(self) -> RecordingServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture(scope="module")
def recording_server() -> Iterator[RecordingServer]:
    server = RecordingServer().start()
    yield server
    server.stop()
