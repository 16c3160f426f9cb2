"""The signing-key endpoint failing or hanging, on real servers: one request per back-off window."""

from __future__ import annotations

import asyncio
import base64
import json
import threading
import time

import pytest
from clientsuite.pluginlab import App, AsyncApp, InvalidTokenError, KeyFetchError
from clientsuite.pluginlab.keys import KeySource
from clientsuite.pluginlab.tokens import FAILURE_BACKOFF, TokenVerifier

from tests.fixtures.recording_server import RecordingServer
from tests.pluginlab.conftest import AUDIENCE, PLUGIN_ID, SigningKey

CERT = "/admin/v1/cert"


def app(server: RecordingServer, **options: object) -> App:
    return App("admin-secret", PLUGIN_ID, server.url, server.url + CERT, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("status", "body", "why"),
    [
        (500, {"message": "Internal error"}, "HTTP 500"),
        (200, b"<html>not json</html>", "did not answer JSON"),
        (200, {"no": "keys"}, "no 'keys' list"),
        (200, {"keys": [{"kty": "RSA", "n": "!!", "e": "AQAB"}]}, "unusable"),
    ],
)
def test_a_failing_endpoint_gets_one_request_for_50_tokens(
    recording_server: RecordingServer, signing_key: SigningKey, status: int, body: object, why: str
) -> None:
    recording_server.route("GET", CERT, body, status=status)
    auth = app(recording_server).get_auth()
    for _ in range(50):
        with pytest.raises(KeyFetchError, match=why) as caught:
            auth.verify_token(signing_key.token())
        assert isinstance(caught.value, InvalidTokenError)
        assert caught.value.reason == "keys unavailable"
    assert recording_server.count(CERT) == 1


def test_the_key_request_carries_no_admin_credentials(
    recording_server: RecordingServer, signing_key: SigningKey
) -> None:
    recording_server.route("GET", CERT, {"keys": [signing_key.jwk()]})
    assert app(recording_server).get_auth().verify_token(signing_key.token()).uid == "mem_1"
    (request,) = recording_server.take()
    assert not [name for name in request.headers if name.startswith("x-pluginlab")]
    assert "admin-secret" not in str(request.headers)


def test_after_the_back_off_window_the_endpoint_is_asked_again(
    recording_server: RecordingServer, signing_key: SigningKey
) -> None:
    now = [0.0]
    recording_server.route("GET", CERT, {}, status=503)
    source = KeySource(recording_server.url + CERT)
    verifier = TokenVerifier(source.fetch, AUDIENCE, clock=lambda: now[0])
    for at in (0.0, 1.0, FAILURE_BACKOFF - 0.1):
        now[0] = at
        with pytest.raises(KeyFetchError, match="HTTP 503"):
            verifier.verify(signing_key.token())
    assert recording_server.count(CERT) == 1
    recording_server.route("GET", CERT, {"keys": [signing_key.jwk()]})  # the endpoint recovers
    now[0] = FAILURE_BACKOFF + 0.1
    assert verifier.verify(signing_key.token()).user.email == "john@example.com"
    assert recording_server.count(CERT) == 2
    source.close()


def test_keys_fetched_before_stay_in_use_when_a_refresh_fails(
    recording_server: RecordingServer, signing_key: SigningKey
) -> None:
    now = [0.0]
    recording_server.route("GET", CERT, {"keys": [signing_key.jwk()]})
    source = KeySource(recording_server.url + CERT)
    verifier = TokenVerifier(source.fetch, AUDIENCE, ttl=10, clock=lambda: now[0])
    verifier.verify(signing_key.token())
    recording_server.route("GET", CERT, {}, status=500)
    now[0] = 11.0  # the keys expired: the refresh fails, the old keys still verify
    for _ in range(5):
        assert verifier.verify(signing_key.token()).uid == "mem_1"
    assert recording_server.count(CERT) == 2
    source.close()


def test_threads_against_a_hanging_endpoint_share_one_request(
    recording_server: RecordingServer, signing_key: SigningKey
) -> None:
    recording_server.route("GET", CERT, {"keys": []}, delay=2.0)
    auth = app(recording_server, timeout=0.3).get_auth()
    errors: list[BaseException] = []

    def verify() -> None:
        try:
            auth.verify_token(signing_key.token())
        except InvalidTokenError as error:
            errors.append(error)

    started = time.monotonic()
    threads = [threading.Thread(target=verify) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert time.monotonic() - started < 1.5  # one timeout, not eight in a row
    assert len(errors) == 8 and all(isinstance(e, KeyFetchError) for e in errors)
    assert "did not answer within" in str(errors[0])
    assert recording_server.count(CERT) == 1


async def test_async_callers_against_a_hanging_endpoint_share_one_request(
    recording_server: RecordingServer, signing_key: SigningKey
) -> None:
    recording_server.route("GET", CERT, {"keys": []}, delay=2.0)
    api = AsyncApp("admin-secret", PLUGIN_ID, auth_cert_url=recording_server.url + CERT, timeout=0.3)
    auth = api.get_auth()
    started = time.monotonic()
    results = await asyncio.gather(
        *(auth.verify_token(signing_key.token()) for _ in range(8)), return_exceptions=True
    )
    assert time.monotonic() - started < 1.5
    assert all(isinstance(r, KeyFetchError) for r in results), results
    assert recording_server.count(CERT) == 1
    await api.aclose()


def test_an_unreachable_endpoint_is_an_invalid_token_error(signing_key: SigningKey) -> None:
    server = RecordingServer()  # bound, then closed: nothing listens on its port
    url = server.url
    server.httpd.server_close()
    auth = App("admin-secret", PLUGIN_ID, url, url + CERT).get_auth()
    with pytest.raises(InvalidTokenError, match="unreachable"):
        auth.verify_token(signing_key.token())


def _token(header: dict[str, object]) -> str:
    segment = base64.urlsafe_b64encode(json.dumps(header).encode()).rstrip(b"=").decode()
    return f"{segment}.e30.c2ln"


@pytest.mark.parametrize(
    ("header", "detail"),
    [
        ({"alg": "PS256", "kid": ["k1"]}, "kid is not a string"),
        ({"alg": "PS256", "kid": {"a": 1}}, "kid is not a string"),
        ({"kid": "key-1"}, "no alg"),
    ],
)
def test_a_malformed_header_is_an_invalid_token_error(
    recording_server: RecordingServer, header: dict[str, object], detail: str
) -> None:
    with pytest.raises(InvalidTokenError, match=detail) as caught:
        app(recording_server).get_auth().verify_token(_token(header))
    assert caught.value.reason == "malformed"
    assert recording_server.count(CERT) == 0
