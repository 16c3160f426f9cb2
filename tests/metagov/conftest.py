from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fixtures.asgi_server import serve_asgi
from tests.metagov.fake_metagov import FakeMetagov


@pytest.fixture
def metagov_service() -> Iterator[tuple[FakeMetagov, str]]:
    fake = FakeMetagov()
    with serve_asgi(fake.app()) as url:
        yield fake, url
