from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.metagov.fake_metagov import FakeMetagov
from tests.metagov.raw_http import serve_raw


@pytest.fixture
def metagov_service() -> Iterator[tuple[FakeMetagov, str]]:
    fake = FakeMetagov()
    with serve_raw(fake) as (_, url):
        yield fake, url
