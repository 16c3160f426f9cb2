"""Webhook receiver URLs of a community's plugins, and the receiver-side check of their slug.

Metagov exposes ``/api/hooks/<community>/<plugin>`` or, with the plugin's ``webhook_slug``
config set, ``/api/hooks/<community>/<plugin>/<webhook_slug>``: a hard-to-guess URL for
platforms that cannot sign their webhooks.
"""

from __future__ import annotations

import secrets
from typing import Any


def new_webhook_slug() -> str:
    """A fresh, unguessable slug (32 random bytes, URL-safe)."""
    return secrets.token_urlsafe(32)


def hook_url(base_url: str, community: str, plugin: str, webhook_slug: str | None = None) -> str:
    url = f"{base_url.rstrip('/')}/api/hooks/{community}/{plugin}"
    return f"{url}/{webhook_slug}" if webhook_slug else url


def request_path(request: Any) -> str:
    """The path of a Flask/Werkzeug, Django or Starlette request, or a plain string."""
    if isinstance(request, str):
        return request
    url = getattr(request, "url", None)
    if url is not None and hasattr(url, "path"):  # Starlette
        return str(url.path)
    path = getattr(request, "path", None)  # Flask/Werkzeug and Django
    if isinstance(path, str):
        return path
    raise TypeError(f"cannot read a path from a {type(request).__name__}")


def verify_hook_path(request: Any, community: str, plugin: str, webhook_slug: str) -> None:
    """Raise unless the request arrived on this community's and plugin's slug (constant time)."""
    from clientsuite.webhooks import WebhookVerificationError, constant_time_equals  # with the first webhook

    expected = hook_url("", community, plugin, webhook_slug)
    if not constant_time_equals(request_path(request).rstrip("/"), expected):
        raise WebhookVerificationError("the webhook did not arrive on the expected receiver URL")
