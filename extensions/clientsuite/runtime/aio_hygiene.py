"""The hygiene rule of :mod:`clientsuite.runtime.hygiene` for aiohttp's pool (the async clients).

aiohttp releases a bodiless response's connection while parsing it, so
:class:`HygienicClientResponse` (a ``response_class`` for ``aiohttp.ClientSession``) closes the
protocol right then. When aiohttp's C parser gets the stray bytes in the same read as the
headers, it rejects the whole answer; :func:`clientsuite.runtime.aio.remap` turns that into an
``httpx.RemoteProtocolError`` that names neither the URL nor the bytes (the connection is already
closed by aiohttp).
"""

from __future__ import annotations

import ssl

import aiohttp
import httpx

from clientsuite.runtime.hygiene import declares_body, logger, must_not_have_body


class HygienicClientResponse(aiohttp.ClientResponse):
    """aiohttp's response that closes, rather than pools, a dirty bodiless response's connection."""

    async def start(self, connection: aiohttp.connector.Connection) -> aiohttp.ClientResponse:
        protocol = connection.protocol
        response = await super().start(connection)
        if (
            protocol is not None
            and must_not_have_body(self.method, self.status)
            and declares_body(self.headers)
        ):
            logger.debug("%s answered %s with a body; closing its connection", self.method, self.status)
            protocol.close()
        return response


def aiohttp_session(limits: httpx.Limits, ssl_context: ssl.SSLContext) -> aiohttp.ClientSession:
    """The session httpx-aiohttp builds for these limits, with :class:`HygienicClientResponse`."""
    connector = aiohttp.TCPConnector(
        limit=limits.max_connections or 0,  # 0 is aiohttp's "no limit", like httpx's None
        keepalive_timeout=limits.keepalive_expiry,
        ssl=ssl_context,
    )
    return aiohttp.ClientSession(connector=connector, response_class=HygienicClientResponse)
