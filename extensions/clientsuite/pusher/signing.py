"""Sign Channels HTTP API requests, as an ``httpx.Auth`` so signing happens below the generated code.

Every request carries ``auth_key``, ``auth_timestamp``, ``auth_version=1.0`` and, when it has a body,
``body_md5``; ``auth_signature`` is the hex HMAC-SHA256, keyed by the app secret, of
``METHOD\\nPATH\\nquery`` where the query is every parameter sorted by name, joined unencoded.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable, Mapping
from urllib.parse import quote, urlencode

import httpx

from clientsuite.redaction import Secret
from clientsuite.runtime.auth_flow import SigningAuth
from clientsuite.runtime.urls import with_query

AUTH_VERSION = "1.0"


def string_to_sign(method: str, path: str, params: Mapping[str, str]) -> str:
    query = "&".join(f"{name}={params[name]}" for name in sorted(params))
    return f"{method.upper()}\n{path}\n{query}"


def sign(secret: str, message: str) -> str:
    key, data = secret.encode("utf-8", "surrogatepass"), message.encode("utf-8", "surrogatepass")
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def signed_params(
    key: str, secret: str, method: str, path: str, params: Mapping[str, str], body: bytes, timestamp: int
) -> dict[str, str]:
    """``params`` plus the ``auth_*`` parameters the Channels API checks (``auth_signature`` last)."""
    signed = {name.lower(): value for name, value in params.items() if name != "auth_signature"}
    signed.update(auth_key=key, auth_timestamp=str(timestamp), auth_version=AUTH_VERSION)
    if body:
        signed["body_md5"] = hashlib.md5(body, usedforsecurity=False).hexdigest()
    signed["auth_signature"] = sign(secret, string_to_sign(method, path, signed))
    return signed


class PusherAuth(SigningAuth):
    """Adds the Channels signature to each request's query string.

    The HMAC is keyed once (each request copies it), a request without a query of its own (every
    trigger) gets its query written out directly rather than through a parameter dict, and the
    signed query replaces the old one without httpx re-validating the whole URL.
    """

    requires_request_body = True

    def __init__(self, key: str, secret: Secret, clock: Callable[[], float] = time.time) -> None:
        self.key = key
        self._secret = secret
        self._clock = clock
        self._mac = hmac.new(secret.reveal().encode("utf-8", "surrogatepass"), digestmod=hashlib.sha256)
        self._quoted_key = quote(key, safe="")
        self._key_param = f"auth_key={key}&auth_timestamp="

    def sign(self, request: httpx.Request) -> httpx.Request:
        url = request.url
        if url.query:
            params = dict(url.params.multi_items())
            signed = signed_params(
                self.key,
                self._secret.reveal(),
                request.method,
                url.path,
                params,
                request.content,
                int(self._clock()),
            )
            query = urlencode(signed, quote_via=quote)
        else:
            query = self._query(request.method, url.path, request.content, int(self._clock()))
        request.url = with_query(url, query)
        return request

    def _query(self, method: str, path: str, body: bytes, timestamp: int) -> str:
        """What :func:`signed_params` gives for no parameters of the request's own, as a query."""
        tail = f"{timestamp}&auth_version={AUTH_VERSION}"
        if body:
            tail += f"&body_md5={hashlib.md5(body, usedforsecurity=False).hexdigest()}"
        mac = self._mac.copy()
        mac.update(f"{method.upper()}\n{path}\n{self._key_param}{tail}".encode("utf-8", "surrogatepass"))
        return f"auth_key={self._quoted_key}&auth_timestamp={tail}&auth_signature={mac.hexdigest()}"

    def __repr__(self) -> str:
        return f"PusherAuth(key={self.key!r})"
