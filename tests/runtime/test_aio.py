"""The aiohttp transport's shared TLS context: built once, never one a caller changes."""

from __future__ import annotations

import ssl

import httpx
import pytest
from clientsuite.runtime.aio import SuiteAiohttpTransport, default_ssl_context


def test_transports_share_one_verifying_context() -> None:
    first, second = SuiteAiohttpTransport(), SuiteAiohttpTransport(limits=httpx.Limits(max_connections=5))
    assert first.ssl_context is second.ssl_context is default_ssl_context()
    assert first.ssl_context.verify_mode == ssl.CERT_REQUIRED and first.ssl_context.check_hostname


def test_a_context_of_the_callers_own_is_not_shared() -> None:
    unverified = SuiteAiohttpTransport(verify=False)
    assert unverified.ssl_context is not default_ssl_context()
    assert unverified.ssl_context.verify_mode == ssl.CERT_NONE
    own = ssl.create_default_context()
    assert SuiteAiohttpTransport(verify=own).ssl_context is own
    assert SuiteAiohttpTransport(trust_env=False).ssl_context is not default_ssl_context()


def test_the_cert_variables_pick_their_own_context(monkeypatch: pytest.MonkeyPatch) -> None:
    import certifi

    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    plain = default_ssl_context()
    monkeypatch.setenv("SSL_CERT_FILE", certifi.where())
    chosen = default_ssl_context()
    assert chosen is not plain and chosen is default_ssl_context()
