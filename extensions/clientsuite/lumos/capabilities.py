"""The capabilities the client covers, tied to their generated operations and models.

Every capability is a ``POST /{capability}``. Most take the full request envelope
(``auth``/``credentials``/``settings``/``request``/``page``/``include_raw_data``/``rate_limit``); the
OAuth ones take no ``auth``/``credentials`` (the client's credentials are in the payload), and
``info`` takes no body at all. The table records which, so the envelope carries only what the
connector accepts.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Mapping
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs, urlsplit

import attrs

from clientsuite.redaction import REDACTED, is_secret_name

Payload = Mapping[str, Any] | Any | None

# Where connector-py's model names do not follow ``<Capability>Request``/``<Capability>Response``.
_MODELS = {"handle_client_credentials_request": ("HandleClientCredentials", "HandleClientCredentials")}
_PAGED = {"list_accounts", "list_resources", "list_entitlements", "find_entitlement_associations"}


def _camel(name: str) -> str:
    return "".join(part.title() for part in name.split("_"))


def _model(stem: str) -> type[Any]:
    models = importlib.import_module("lumos_api.models")
    found: type[Any] = getattr(models, stem)
    return found


@attrs.frozen
class Capability:
    """A capability by name; its generated operation and models load when first used.

    The table names about forty models and twenty operation modules: building them all at
    ``import clientsuite.lumos`` would cost more than importing httpx.
    """

    name: str
    paged: bool = False

    @functools.cached_property
    def operation(self) -> ModuleType:
        return importlib.import_module(f"lumos_api.api.capabilities.{self.name}")

    @functools.cached_property
    def request(self) -> type[Any] | None:
        """The request envelope's model; None: the capability takes no body (``info``)."""
        if self.name == "info":
            return None
        return _model(f"{_MODELS.get(self.name, (_camel(self.name),))[0]}Request")

    @functools.cached_property
    def response(self) -> type[Any]:
        return _model(f"{_MODELS.get(self.name, (None, _camel(self.name)))[1]}Response")

    @functools.cached_property
    def fields(self) -> frozenset[str]:
        if self.request is None:
            return frozenset()
        return frozenset(field.name for field in attrs.fields(self.request))


CAPABILITIES: dict[str, Capability] = {
    name: Capability(name, name in _PAGED)
    for name in (
        "info",
        "app_info",
        "validate_credentials",
        "list_accounts",
        "get_account",
        "create_account",
        "update_account",
        "activate_account",
        "deactivate_account",
        "delete_account",
        "list_resources",
        "list_entitlements",
        "find_entitlement_associations",
        "assign_entitlement",
        "unassign_entitlement",
        "get_last_activity",
        "get_authorization_url",
        "handle_authorization_callback",
        "handle_client_credentials_request",
        "refresh_access_token",
    )
}
ALWAYS_AVAILABLE = frozenset({"info"})


def as_dict(value: Any) -> dict[str, Any]:
    """A payload given as a dict or as a generated model, as a plain dict."""
    if value is None:
        return {}
    if hasattr(value, "to_dict"):
        return dict(value.to_dict())
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"expected a mapping or a lumos_api model, got {type(value).__name__}")


@attrs.frozen
class EnvelopeParts:
    """What the client adds to every envelope; ``auth``/``credentials`` are revealed only here."""

    settings: Mapping[str, Any]
    include_raw_data: bool
    auth: Mapping[str, Any] | None = attrs.field(default=None, repr=False)
    credentials: list[Mapping[str, Any]] | None = attrs.field(default=None, repr=False)


def build_envelope(
    capability: Capability,
    parts: EnvelopeParts,
    payload: Payload,
    *,
    page: Payload = None,
    include_raw_data: bool | None = None,
    rate_limit: Payload = None,
) -> Any:
    """The typed request envelope, or a ``ValueError`` that names the missing or bad field."""
    if capability.request is None:
        return None
    fields = capability.fields
    data: dict[str, Any] = {"request": as_dict(payload), "settings": dict(parts.settings)}
    if parts.auth is not None and "auth" in fields:
        data["auth"] = dict(parts.auth)
    if parts.credentials is not None and "credentials" in fields:
        data["credentials"] = [dict(c) for c in parts.credentials]
    if page is not None:
        data["page"] = as_dict(page)
    if rate_limit is not None:
        data["rate_limit"] = as_dict(rate_limit)
    data["include_raw_data"] = parts.include_raw_data if include_raw_data is None else include_raw_data
    try:
        return capability.request.from_dict(data)
    except KeyError as missing:
        raise ValueError(f"{capability.name} needs the field {missing.args[0]!r}; nothing was sent") from None
    except (TypeError, ValueError, AttributeError) as error:
        reason = scrub(str(error), secret_values(data))
        raise ValueError(f"invalid {capability.name} request: {reason}; nothing was sent") from None


MIN_SECRET_LENGTH = 4
# Besides what clientsuite.redaction calls secret: the OAuth flow's code and verifier.
_SECRET_KEYS = frozenset({"auth", "credentials", "code", "code_verifier", "redirect_uri_with_code"})


def secret_values(data: Any, secret: bool = False) -> list[str]:
    """Every string under ``auth``/``credentials`` or under a secret-looking key (and a callback's code)."""
    if isinstance(data, str):
        return [data] if secret and data else []
    if isinstance(data, Mapping):
        found = []
        for key, item in data.items():
            found += secret_values(item, secret or key in _SECRET_KEYS or is_secret_name(key))
            if key == "redirect_uri_with_code" and isinstance(item, str):
                found += parse_qs(urlsplit(item).query).get("code", [])
        return found
    if isinstance(data, list | tuple):
        return [value for item in data for value in secret_values(item, secret)]
    return []


def scrub(text: str, secrets: list[str]) -> str:
    """``text`` with every occurrence of a known secret replaced."""
    for secret in sorted(set(secrets), key=len, reverse=True):
        if len(secret) >= MIN_SECRET_LENGTH:  # shorter strings are no secret, and would garble the text
            text = text.replace(secret, REDACTED)
    return text
