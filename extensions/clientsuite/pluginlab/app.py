"""``App`` and ``AsyncApp``: the official admin SDK's entry point over the three generated PluginLab clients.

``App(secret_key, plugin_id).get_auth()`` / ``get_monetization()`` / ``get_event()`` as in the
official SDK, whose constructor arguments (and their order) these take; the suite's own options
are keyword-only after them. Each service lives in its own module (auth, monetization, events).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from clientsuite.pluginlab.auth import AppAuth, AsyncAppAuth
from clientsuite.pluginlab.events import AppEvent, AsyncAppEvent
from clientsuite.pluginlab.monetization import AppMonetization, AsyncAppMonetization
from clientsuite.pluginlab.settings import AUTH_CERT_URL, AUTH_URL, EVENT_URL, MONETIZATION_URL, Settings
from clientsuite.redaction import Secret, check_secret
from clientsuite.runtime import Hooks


class _AppBase:
    def __init__(
        self,
        secret_key: str,
        plugin_id: str,
        auth_url: str = AUTH_URL,
        auth_cert_url: str = AUTH_CERT_URL,
        event_url: str = EVENT_URL,
        monetization_url: str = MONETIZATION_URL,
        *,
        timeout: float = 60.0,
        max_retries: int = 2,
        hooks: Hooks | Mapping[str, Any] | None = None,
        offline: bool = False,
        http_client: httpx.Client | httpx.AsyncClient | None = None,
        signing_keys: Mapping[str, Any] | None = None,
        key_ttl: float = 300.0,
    ) -> None:
        """``auth_cert_url`` serves the token signing keys; ``signing_keys`` pins a JWKS instead."""
        if not secret_key and not offline:
            raise ValueError("secret_key is required")
        secret_key = check_secret(secret_key, "secret_key", allow_empty=True)
        if not plugin_id:
            raise ValueError("plugin_id is required")
        for name, url in (
            ("auth_url", auth_url),
            ("auth_cert_url", auth_cert_url),
            ("event_url", event_url),
            ("monetization_url", monetization_url),
        ):
            if not isinstance(url, str) or not url.startswith(("http://", "https://")):
                raise ValueError(f"{name} must be an http(s) URL")
        self.plugin_id = plugin_id
        self.auth_url = auth_url
        self.auth_cert_url = auth_cert_url
        self.event_url = event_url
        self.monetization_url = monetization_url
        self._settings = Settings(
            Secret(secret_key),
            plugin_id,
            auth_url=auth_url,
            auth_cert_url=auth_cert_url,
            event_url=event_url,
            monetization_url=monetization_url,
            timeout=timeout,
            max_retries=max_retries,
            hooks=hooks,
            offline=offline,
            http_client=http_client,
            signing_keys=signing_keys,
            key_ttl=key_ttl,
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(plugin_id={self.plugin_id!r})"


class App(_AppBase):
    """The PluginLab admin app (sync); each ``get_*`` returns the same service object every time."""

    _auth: AppAuth | None = None
    _monetization: AppMonetization | None = None
    _event: AppEvent | None = None

    def get_auth(self) -> AppAuth:
        self._auth = self._auth or AppAuth(self._settings)
        return self._auth

    def get_monetization(self) -> AppMonetization:
        self._monetization = self._monetization or AppMonetization(self._settings)
        return self._monetization

    def get_event(self) -> AppEvent:
        self._event = self._event or AppEvent(self._settings)
        return self._event

    def close(self) -> None:
        for service in (self._auth, self._monetization, self._event):
            if service is not None:
                service.close()


class AsyncApp(_AppBase):
    """The PluginLab admin app for asyncio."""

    _auth: AsyncAppAuth | None = None
    _monetization: AsyncAppMonetization | None = None
    _event: AsyncAppEvent | None = None

    def get_auth(self) -> AsyncAppAuth:
        self._auth = self._auth or AsyncAppAuth(self._settings)
        return self._auth

    def get_monetization(self) -> AsyncAppMonetization:
        self._monetization = self._monetization or AsyncAppMonetization(self._settings)
        return self._monetization

    def get_event(self) -> AsyncAppEvent:
        self._event = self._event or AsyncAppEvent(self._settings)
        return self._event

    async def aclose(self) -> None:
        for service in (self._auth, self._monetization, self._event):
            if service is not None:
                await service.aclose()
