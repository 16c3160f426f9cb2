"""Download the public JSON Web Key Set that signs PluginLab user tokens.

The keys are public, so the request carries no admin secret and no plugin id. It goes through the
suite's runtime (the user's ``http_client``, hooks, typed errors) but is sent once, with no
retries: the verifier (``tokens.py``) caches both the keys and a failure, so retrying here would
only multiply the requests a failing endpoint receives. Every failure is a ``KeyFetchError``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import httpx

from clientsuite.errors import ApiConnectionError, ApiError, ApiTimeoutError, ClientSuiteError
from clientsuite.pluginlab.claims import KeyFetchError
from clientsuite.runtime.timeouts import DefaultTimeout

if TYPE_CHECKING:
    from clientsuite.runtime.config import ClientConfig


def _failure(error: ClientSuiteError, timeout: float) -> KeyFetchError:
    if isinstance(error, ApiError):
        return KeyFetchError(f"the key endpoint answered HTTP {error.status_code}")
    if isinstance(error, ApiTimeoutError):
        return KeyFetchError(f"the key endpoint did not answer within {timeout:g} s")
    if isinstance(error, ApiConnectionError):
        return KeyFetchError("the key endpoint is unreachable")
    return KeyFetchError(type(error).__name__)


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

    def __init__(
        self,
        url: str,
        *,
        timeout: float = DefaultTimeout(10.0),
        offline: bool = False,
        config: ClientConfig | None = None,
    ) -> None:
        self.url = url
        self.timeout = timeout
        self.offline = offline
        from clientsuite.runtime.config import ClientConfig  # the transport: loaded when a source is built

        # no headers: no credentials; no retries: the verifier backs off instead
        self._config = config or ClientConfig(url, timeout=timeout, max_retries=0)
        self._sync: httpx.Client | None = None
        self._async: httpx.AsyncClient | None = None

    def _check_online(self) -> None:
        if self.offline:
            raise KeyFetchError("offline mode fetches no signing keys: pass signing_keys={...}")

    def fetch(self) -> Mapping[str, Any]:
        self._check_online()
        self._sync = self._sync or self._config.build_httpx_client()
        try:
            response = self._sync.get(self.url, headers={"accept": "application/json"})
        except ClientSuiteError as error:
            raise _failure(error, self.timeout) from None
        return _document(response)

    async def afetch(self) -> Mapping[str, Any]:
        self._check_online()
        self._async = self._async or self._config.build_async_httpx_client()
        try:
            response = await self._async.get(self.url, headers={"accept": "application/json"})
        except ClientSuiteError as error:
            raise _failure(error, self.timeout) from None
        return _document(response)

    def close(self) -> None:
        if self._sync is not None:
            self._sync.close()

    async def aclose(self) -> None:
        if self._async is not None:
            await self._async.aclose()
