from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fixtures.asgi_server import serve_asgi
from tests.lumos.fake_connector import FakeConnector
from tests.lumos.fake_oauth import FakeAuthServer


@pytest.fixture
def connector_server() -> Iterator[tuple[FakeConnector, str]]:
    fake = FakeConnector()
    with serve_asgi(fake.app()) as url:
        yield fake, url


@pytest.fixture
def auth_server() -> Iterator[tuple[FakeAuthServer, str]]:
    fake = FakeAuthServer()
    with serve_asgi(fake.app()) as url:
        yield fake, url
