"""Download the public JSON Web Key Set that signs PluginLab user tokens.

The keys are public, so the request carries no admin secret and no plugin id. It is sent once, with
no retries: the verifier (``tokens.py``) caches both the keys and a failure, so retrying here would
only multiply the requests a failing endpoint receives. Every failure is a ``KeyFetchError``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from clientsuite.pluginlab.tokens import KeyFetchError

_HEADERS = {"accept": "application/json"}


def _document(response: httpx.Response) -> Mapping[str, Any]:
    if response.status_code != 200:
        raise KeyFetchError(f"the key endpoint answered HTTP {response.status_code}")
    try:
        document = response.json()
    except ValueError:
        raise KeyFetchError("the key endpoint did not answer JSON") from None
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise KeyFetchError("the key endpoint's answer has no 'keys' list")
    return document


class KeySource:
    """``fetch()`` / ``afetch()`` the JWKS at ``url``; its own connections, closed by ``close()``."""

    def __init__(self, url: str, *, timeout: float = 10.0, offline: bool = False) -> None:
        self.url = url
        self.timeout = timeout
        self.offline = offline
        self._sync: httpx.Client | None = None
        self._async: httpx.AsyncClient | None = None

    def _check_online(self) -> None:
        if self.offline:
            raise KeyFetchError("offline mode fetches no signing keys: pass signing_keys={...}")

    def fetch(self) -> Mapping[str, Any]:
        self._check_online()
        self._sync = self._sync or httpx.Client(timeout=self.timeout, headers=_HEADERS)
        try:
            response = self._sync.get(self.url)
        except httpx.TimeoutException:
            raise KeyFetchError(f"the key endpoint did not answer within {self.timeout:g} s") from None
        except httpx.HTTPError as error:
            raise KeyFetchError(f"the key endpoint is unreachable ({type(error).__name__})") from None
        return _document(response)

    async def afetch(self) -> Mapping[str, Any]:
        self._check_online()
        self._async = self._async or httpx.AsyncClient(timeout=self.timeout, headers=_HEADERS)
        try:
            response = await self._async.get(self.url)
        except httpx.TimeoutException:
            raise KeyFetchError(f"the key endpoint did not answer within {self.timeout:g} s") from None
        except httpx.HTTPError as error:
            raise KeyFetchError(f"the key endpoint is unreachable ({type(error).__name__})") from None
        return _document(response)

    def close(self) -> None:
        if self._sync is not None:
            self._sync.close()

    async def aclose(self) -> None:
        if self._async is not None:
            await self._async.aclose()
