"""What shapes a PluginLab app and its HTTP clients: hosts, credentials, timeouts (shared by both sides)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs
import httpx

from clientsuite.redaction import Secret, check_secret
from clientsuite.runtime.timeouts import DEFAULT_TIMEOUT, still_default

if TYPE_CHECKING:
    from clientsuite.pluginlab.keys import KeySource
    from clientsuite.runtime.config import ClientConfig
    from clientsuite.runtime.hooks import Hooks

AUTH_URL = "https://auth.pluginlab.ai"
AUTH_CERT_URL = f"{AUTH_URL}/admin/v1/cert"
EVENT_URL = "https://event.pluginlab.ai"
MONETIZATION_URL = "https://monetization.pluginlab.ai/v1"
SECRET_HEADER = "X-PluginLab-Admin-Sdk-Secret"
PLUGIN_HEADER = "X-PluginLab-Plugin-Id"


@attrs.frozen
class Settings:
    secret_key: Secret
    plugin_id: str
    auth_url: str = AUTH_URL
    auth_cert_url: str = AUTH_CERT_URL
    event_url: str = EVENT_URL
    monetization_url: str = MONETIZATION_URL
    timeout: float = DEFAULT_TIMEOUT
    max_retries: int = 2
    hooks: Hooks | Mapping[str, Any] | None = None
    offline: bool = False
    http_client: httpx.Client | httpx.AsyncClient | None = None
    signing_keys: Mapping[str, Any] | None = None
    key_ttl: float = 300.0

    def config(self, base_url: str, package: str) -> ClientConfig:
        from clientsuite.runtime.config import ClientConfig, user_clients  # the transport: built here
        from clientsuite.runtime.credentials import SecretHeaders

        return ClientConfig(
            base_url,
            package=package,
            headers={PLUGIN_HEADER: self.plugin_id},
            # added per attempt (never stored in the client), and only for this service's own origin
            auth=SecretHeaders({SECRET_HEADER: self.secret_key}, origin=base_url),
            timeout=self.timeout,
            max_retries=self.max_retries,
            hooks=self.hooks,
            offline=self.offline,
            **user_clients(self.http_client),
        )

    @property
    def audience(self) -> str:
        """The ``aud`` of this plugin's user tokens."""
        return f"plugin:{self.plugin_id}:admin"

    def key_source(self) -> KeySource:
        """The signing keys are public: fetched without the admin secret or plugin id, never retried."""
        from clientsuite.pluginlab.keys import KeySource  # with the token verifier: when a service is built
        from clientsuite.runtime.config import ClientConfig, user_clients

        timeout = still_default(self.timeout, min(self.timeout, 10.0))
        config = ClientConfig(
            self.auth_cert_url,
            timeout=timeout,
            max_retries=0,
            hooks=self.hooks,
            **user_clients(self.http_client),
        )
        return KeySource(self.auth_cert_url, timeout=timeout, offline=self.offline, config=config)


class AppBase:
    """The official ``App`` constructor (its arguments, their order), checked once for both sides."""

    def __init__(
        self,
        secret_key: str,
        plugin_id: str,
        auth_url: str = AUTH_URL,
        auth_cert_url: str = AUTH_CERT_URL,
        event_url: str = EVENT_URL,
        monetization_url: str = MONETIZATION_URL,
        *,
        timeout: float = DEFAULT_TIMEOUT,
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
