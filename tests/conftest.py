"""Fixtures shared by every test package: real servers on 127.0.0.1, framework settings."""

import pytest

from tests.fixtures.http_server import scripted_server
from tests.fixtures.redis_server import redis_server, redis_url

__all__ = ["django_settings", "redis_server", "redis_url", "scripted_server"]


@pytest.fixture(scope="session")
def django_settings() -> None:
    """Minimal Django settings, configured once per process for RequestFactory-based tests."""
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(DEBUG=False, ALLOWED_HOSTS=["testserver"], SECRET_KEY="tests-only", USE_TZ=True)
        django.setup()
