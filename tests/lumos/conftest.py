from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures.asgi_server import serve_asgi
from tests.lumos.connector_env import ensure_venv, serve_connector
from tests.lumos.fake_oauth import FakeAuthServer


@pytest.fixture
def auth_server() -> Iterator[tuple[FakeAuthServer, str]]:
    fake = FakeAuthServer()
    with serve_asgi(fake.app()) as url:
        yield fake, url


@pytest.fixture(scope="session")
def connector_python() -> Path:
    """connector-py's interpreter; building its virtualenv may take a minute the first time.

    A failure fails the tests that need it: connector-py is the oracle, they never skip.
    """
    try:
        return ensure_venv()
    except Exception as error:  # a broken build must be visible, in CI and locally alike
        pytest.fail(f"cannot set up connector-py's virtualenv: {error}", pytrace=False)


@pytest.fixture(scope="module")
def oracle_auth() -> Iterator[tuple[FakeAuthServer, str]]:
    """The authorization server the oracle connector's OAuth capabilities talk to."""
    fake = FakeAuthServer()
    with serve_asgi(fake.app()) as url:
        yield fake, url


@pytest.fixture(scope="module", params=["direct", "gateway"])
def oracle(
    request: pytest.FixtureRequest, connector_python: Path, oracle_auth: tuple[FakeAuthServer, str]
) -> Iterator[tuple[str, str]]:
    """The oracle connector under uvicorn: directly, or behind a ``/conn-1`` gateway prefix.

    Yields ``(mode, url)``; the URL is what a ``ConnectorClient`` takes as ``base_url`` (the gateway's
    root, with ``connector_id="conn-1"`` added by the test).
    """
    _, auth_url = oracle_auth
    env = {"ORACLE_TOKEN_URL": f"{auth_url}/token", "ORACLE_AUTHORIZE_URL": f"{auth_url}/authorize"}
    prefix = "/conn-1" if request.param == "gateway" else ""
    with serve_connector(connector_python, prefix=prefix, env=env) as url:
        yield request.param, url.removesuffix(prefix)
