"""A small HTTP/1.1 server on raw asyncio streams, in a background thread.

Frameworks refuse to send a body with a 204; Metagov does, so its test double needs a server
that writes exactly the bytes it is told to. Keep-alive, ``Content-Length`` request bodies only.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable, Iterator

Answer = tuple[int, dict[str, str], bytes]
Handler = Callable[[str, str, dict[str, str], bytes], Answer | None]  # None: never answer
REASONS = {
    200: "OK",
    201: "Created",
    202: "Accepted",
    204: "No Content",
    400: "Bad Request",
    404: "Not Found",
}


class RawHttpServer:
    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.connections = 0

    async def serve_connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while True:
                head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
                line, *lines = head.split("\r\n")
                method, target, _ = line.split(" ", 2)
                headers = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in lines if h)}
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                answer = self.handler(method, target, headers, body)
                if answer is None:  # a server that hangs: keep the connection open, say nothing
                    await asyncio.sleep(3600)
                    return
                status, answer_headers, content = answer
                answer_headers.setdefault("Content-Length", str(len(content)))
                out = f"HTTP/1.1 {status} {REASONS.get(status, 'Status')}\r\n"
                out += "".join(f"{k}: {v}\r\n" for k, v in answer_headers.items()) + "\r\n"
                writer.write(out.encode("latin-1") + content)  # one write: headers and body together
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass  # the client left, or the server is stopping
        finally:
            writer.close()


@contextlib.contextmanager
def serve_raw(handler: Handler) -> Iterator[tuple[RawHttpServer, str]]:
    """Serve ``handler`` on 127.0.0.1; yields the server (for its counters) and its base URL."""
    server = RawHttpServer(handler)
    loop = asyncio.new_event_loop()
    started = threading.Event()
    stop = asyncio.Event()
    url: list[str] = []

    async def main() -> None:
        listening = await asyncio.start_server(server.serve_connection, "127.0.0.1", 0)
        url.append(f"http://127.0.0.1:{listening.sockets[0].getsockname()[1]}")
        started.set()
        await stop.wait()
        listening.close()
        handlers = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in handlers:
            task.cancel()
        await asyncio.gather(*handlers, return_exceptions=True)

    thread = threading.Thread(target=loop.run_until_complete, args=(main(),), daemon=True)
    thread.start()
    if not started.wait(10):
        raise RuntimeError("the raw HTTP test server did not start")
    try:
        yield server, url[0]
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(10)
        loop.close()
