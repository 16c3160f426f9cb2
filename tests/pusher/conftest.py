from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fixtures.asgi_server import serve_asgi
from tests.fixtures.recording_server import recording_server
from tests.pusher.fake_channels import FakeChannels

__all__ = ["recording_server"]


@pytest.fixture
def channels_server() -> Iterator[tuple[FakeChannels, str]]:
    fake = FakeChannels(app_id="123", key="app-key", secret="app-secret-value")
    with serve_asgi(fake.app()) as url:
        yield fake, url
