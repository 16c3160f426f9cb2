"""What a verified PluginLab token holds (the official SDK's typings), and why a token is refused."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from clientsuite.errors import ClientSuiteError


class InvalidTokenError(ClientSuiteError, ValueError):
    """A token that must not be trusted; ``reason`` is one of the ``REASONS`` below."""

    REASONS = (
        "expired",
        "bad signature",
        "wrong audience",
        "unknown key",
        "malformed",
        "algorithm not allowed",
        "keys unavailable",
    )

    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(f"invalid token: {reason}" + (f" ({detail})" if detail else ""))


class KeyFetchError(InvalidTokenError):
    """The signing keys could not be fetched or parsed, so no token can be verified now."""

    def __init__(self, detail: str) -> None:
        super().__init__("keys unavailable", detail)


@attrs.frozen
class TokenPayloadUser:
    id: str
    email: str
    name: str | None = None
    given_name: str | None = None
    plan_id: str | None = None
    price_id: str | None = None


@attrs.frozen
class TokenPayload:
    uid: str
    iss: str
    aud: str
    iat: int
    exp: int
    user: TokenPayloadUser


def payload_from_claims(claims: Mapping[str, Any]) -> TokenPayload:
    try:
        user = claims["user"]
        return TokenPayload(
            uid=claims["uid"],
            iss=claims["iss"],
            aud=claims["aud"],
            iat=claims["iat"],
            exp=claims["exp"],
            user=TokenPayloadUser(
                id=user["id"],
                email=user["email"],
                name=user.get("name"),
                given_name=user.get("givenName"),
                plan_id=user.get("planId"),
                price_id=user.get("priceId"),
            ),
        )
    except (KeyError, TypeError, AttributeError) as error:
        raise InvalidTokenError("malformed", f"missing claim {error}") from None
