"""Credentials sent as headers, held as :class:`~clientsuite.redaction.Secret` until the last moment.

A header set on an ``httpx.Client`` lives in plain text in the client (and so in ``vars()`` and
debuggers); ``SecretHeaders`` adds it to each attempt's request instead, after the user's hooks.
"""

from __future__ import annotations

from collections.abc import Generator, Mapping

import httpx

from clientsuite.redaction import Secret


class SecretHeaders(httpx.Auth):
    """Adds ``{header: Secret}`` to every request; empty secrets (offline clients) are skipped."""

    def __init__(self, headers: Mapping[str, Secret]) -> None:
        self._headers = dict(headers)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        for name, secret in self._headers.items():
            if secret:
                request.headers[name] = secret.reveal()
        yield request

    def __repr__(self) -> str:
        return f"SecretHeaders({', '.join(self._headers)})"
