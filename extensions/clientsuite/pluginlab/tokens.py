"""Verify PluginLab user tokens (PS256 JWTs) against a cached JSON Web Key Set, with PyJWT.

The key set is fetched once and kept for ``ttl`` seconds. A token whose ``kid`` is unknown makes
one refresh (at most one every ``min_refresh_interval`` seconds, so tokens with made-up kids cannot
turn the verifier into a traffic amplifier), and concurrent callers share a single fetch.

A failed fetch is remembered for ``failure_backoff`` seconds (5 by default): during that window
every verification fails at once with the same ``KeyFetchError`` instead of asking again, so a
failing or hanging key endpoint receives one request per window however many tokens arrive. Keys
fetched earlier stay in use while a refresh fails. Only PS256 is accepted: ``alg: none`` and
HMAC-with-the-public-key tokens are always refused.
"""

from __future__ import annotations

import base64
import functools
import json
import threading
import time
from collections.abc import Awaitable, Callable, Mapping
from types import ModuleType
from typing import TYPE_CHECKING, Any

import attrs

from clientsuite.runtime.extras import require

if TYPE_CHECKING:
    import asyncio

    import jwt

from clientsuite.pluginlab.claims import (
    InvalidTokenError,
    KeyFetchError,
    TokenPayload,
    TokenPayloadUser,
    payload_from_claims,
)

__all__ = [
    "AsyncTokenVerifier",
    "InvalidTokenError",
    "KeyFetchError",
    "TokenPayload",
    "TokenPayloadUser",
    "TokenVerifier",
    "parse_key_set",
    "payload_from_claims",
]

ALGORITHM = "PS256"
FEATURE = "token verification of clientsuite.pluginlab"


def _jwt() -> ModuleType:
    """PyJWT, imported at the first key set or token (PS256 also needs its crypto backend)."""
    require("cryptography", FEATURE)
    require("jwt.algorithms", FEATURE)
    return require("jwt", FEATURE)


FAILURE_BACKOFF = 5.0  # seconds a failed key fetch is remembered


def parse_key_set(jwks: Mapping[str, Any]) -> dict[str | None, jwt.PyJWK]:
    """The usable RSA signing keys by ``kid``; anything else in the set is ignored."""
    pyjwt = _jwt()
    try:
        key_set = pyjwt.PyJWKSet.from_dict(dict(jwks))
    except (pyjwt.PyJWKSetError, pyjwt.InvalidKeyError, TypeError, ValueError) as error:
        raise KeyFetchError(f"the signing key set is unusable: {error}") from None
    return {key.key_id: key for key in key_set.keys if key.key_type == "RSA"}


@functools.lru_cache(maxsize=64)
def _parse_header(segment: str) -> dict[str, Any]:
    try:
        header = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    except (ValueError, TypeError):
        raise InvalidTokenError("malformed", "unreadable header") from None
    if not isinstance(header, dict):
        raise InvalidTokenError("malformed", "the header is not a JSON object")
    return header


@attrs.define
class _Keys:
    by_kid: dict[str | None, jwt.PyJWK]
    fetched_at: float


class _Verifier:
    """What the sync and async verifiers share: choosing the key and decoding."""

    def __init__(
        self,
        audience: str,
        ttl: float,
        min_refresh_interval: float,
        clock: Callable[[], float],
        failure_backoff: float = FAILURE_BACKOFF,
    ) -> None:
        self.audience = audience
        self.ttl = ttl
        self.min_refresh_interval = min_refresh_interval
        self.failure_backoff = failure_backoff
        self._clock = clock
        self._keys: _Keys | None = None
        self._failure: tuple[KeyFetchError, float] | None = None  # the error and until when it holds
        self._last_forced = float("-inf")
        self.fetches = 0  # how many times the key set was downloaded

    def _cached_failure(self) -> KeyFetchError | None:
        if self._failure is not None and self._clock() < self._failure[1]:
            return self._failure[0]
        return None

    def _failed(self, error: Exception, stale: _Keys | None) -> _Keys:
        """Remember the failure; fall back to keys fetched earlier, else raise a ``KeyFetchError``."""
        failure = error if isinstance(error, KeyFetchError) else KeyFetchError(type(error).__name__)
        self._failure = (failure, self._clock() + self.failure_backoff)
        if stale is not None:
            return stale
        raise KeyFetchError(failure.detail) from None

    def _reuse(self, stale: _Keys | None) -> _Keys | None:
        """Inside the lock: keys another caller just fetched, or a failure it just had."""
        if self._keys is not stale and self._keys is not None:
            return self._keys
        failure = self._cached_failure()
        if failure is not None:
            if stale is not None:
                return stale
            raise KeyFetchError(failure.detail)
        return None

    def _fresh(self) -> _Keys | None:
        keys = self._keys
        if keys is not None and self._clock() - keys.fetched_at < self.ttl:
            return keys
        return None

    def _may_refresh(self) -> bool:
        """Whether an unknown kid may force a refresh now (at most one per ``min_refresh_interval``)."""
        now = self._clock()
        if now - self._last_forced < self.min_refresh_interval:
            return False
        self._last_forced = now
        return True

    def _store(self, jwks: Mapping[str, Any]) -> _Keys:
        self.fetches += 1
        self._keys = _Keys(parse_key_set(jwks), self._clock())
        return self._keys

    @staticmethod
    def header(token: str) -> dict[str, Any]:
        """The token's header, read only to pick the key; PyJWT then verifies everything.

        ``jwt.get_unverified_header`` decodes the whole token and costs as much as half a
        signature check, so only the first segment is decoded here, and since an issuer's
        tokens share one header, the few distinct headers are remembered.
        """
        if not isinstance(token, str) or token.count(".") != 2:
            raise InvalidTokenError("malformed", "not a compact JWS")
        header = _parse_header(token.split(".", 1)[0])
        if "alg" not in header:
            raise InvalidTokenError("malformed", "the header has no alg")
        if header["alg"] != ALGORITHM:
            raise InvalidTokenError("algorithm not allowed", f"only {ALGORITHM} is accepted")
        if not isinstance(header.get("kid", ""), str):
            raise InvalidTokenError("malformed", "the header's kid is not a string")
        return header

    @staticmethod
    def pick(keys: _Keys, kid: str | None) -> jwt.PyJWK | None:
        if kid is None:
            return next(iter(keys.by_kid.values())) if len(keys.by_kid) == 1 else None
        return keys.by_kid.get(kid)

    def decode(self, token: str, key: jwt.PyJWK) -> TokenPayload:
        pyjwt = _jwt()
        try:
            claims = pyjwt.decode(
                token,
                key.key,
                algorithms=[ALGORITHM],
                audience=self.audience,
                options={"require": ["exp", "iat", "aud"]},
            )
        except pyjwt.ExpiredSignatureError:
            raise InvalidTokenError("expired") from None
        except pyjwt.InvalidAudienceError:
            raise InvalidTokenError("wrong audience", f"expected {self.audience}") from None
        except pyjwt.InvalidSignatureError:
            raise InvalidTokenError("bad signature") from None
        except pyjwt.PyJWTError as error:
            raise InvalidTokenError("malformed", type(error).__name__) from None
        return payload_from_claims(claims)


class TokenVerifier(_Verifier):
    """Thread-safe verifier; ``fetch`` returns the JWKS document as a dict."""

    def __init__(
        self,
        fetch: Callable[[], Mapping[str, Any]],
        audience: str,
        *,
        ttl: float = 300.0,
        min_refresh_interval: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
        failure_backoff: float = FAILURE_BACKOFF,
    ) -> None:
        super().__init__(audience, ttl, min_refresh_interval, clock, failure_backoff)
        self._fetch = fetch
        self._lock = threading.Lock()

    def _load(self, stale: _Keys | None) -> _Keys:
        with self._lock:  # single flight: the first caller fetches, the others reuse its result
            reused = self._reuse(stale)
            if reused is not None:
                return reused
            try:
                return self._store(self._fetch())
            except Exception as error:
                return self._failed(error, stale)

    def verify(self, token: str) -> TokenPayload:
        kid = self.header(token).get("kid")
        keys = self._fresh() or self._load(self._keys)
        key = self.pick(keys, kid)
        if key is None and kid is not None and self._may_refresh():
            keys = self._load(keys)
            key = self.pick(keys, kid)
        if key is None:
            raise InvalidTokenError("unknown key", "no signing key matches the token's kid")
        return self.decode(token, key)


class AsyncTokenVerifier(_Verifier):
    """The asyncio verifier: one fetch in flight per event loop, shared by concurrent callers."""

    def __init__(
        self,
        fetch: Callable[[], Awaitable[Mapping[str, Any]]],
        audience: str,
        *,
        ttl: float = 300.0,
        min_refresh_interval: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
        failure_backoff: float = FAILURE_BACKOFF,
    ) -> None:
        super().__init__(audience, ttl, min_refresh_interval, clock, failure_backoff)
        self._fetch = fetch
        self._lock: asyncio.Lock | None = None

    async def _load(self, stale: _Keys | None) -> _Keys:
        import asyncio  # loaded already: the caller awaits

        self._lock = self._lock or asyncio.Lock()
        async with self._lock:
            reused = self._reuse(stale)
            if reused is not None:
                return reused
            try:
                return self._store(await self._fetch())
            except Exception as error:
                return self._failed(error, stale)

    async def verify(self, token: str) -> TokenPayload:
        kid = self.header(token).get("kid")
        keys = self._fresh() or await self._load(self._keys)
        key = self.pick(keys, kid)
        if key is None and kid is not None and self._may_refresh():
            keys = await self._load(keys)
            key = self.pick(keys, kid)
        if key is None:
            raise InvalidTokenError("unknown key", "no signing key matches the token's kid")
        return self.decode(token, key)
