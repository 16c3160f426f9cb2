"""Credentials sent as headers, held as :class:`~clientsuite.redaction.Secret` until the last moment.

A header set on an ``httpx.Client`` lives in plain text in the client (and so in ``vars()`` and
debuggers); ``SecretHeaders`` adds it to each attempt's request instead, after the user's hooks.
"""

from __future__ import annotations

from collections.abc import Generator, Mapping

import httpx

from clientsuite.redaction import Secret


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port


class SecretHeaders(httpx.Auth):
    """Adds ``{header: Secret}`` to every request; empty secrets (offline clients) are skipped.

    With ``origin`` (the service's base URL), only requests to that scheme, host and port get them:
    a redirect to another host never carries the credential there.
    """

    def __init__(self, headers: Mapping[str, Secret], origin: str | None = None) -> None:
        self._headers = dict(headers)
        self._origin = _origin(httpx.URL(origin)) if origin is not None else None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._origin is None or _origin(request.url) == self._origin:
            for name, secret in self._headers.items():
                if secret:
                    request.headers[name] = secret.reveal()
        yield request

    def __repr__(self) -> str:
        return f"SecretHeaders({', '.join(self._headers)})"
