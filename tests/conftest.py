"""Fixtures shared by every test package: real servers on 127.0.0.1, framework settings.

Under CI (``CI`` set) or with ``CLIENTSUITE_REQUIRE_ALL=1``, a skipped test fails the run: a
missing dependency must never turn into a quietly smaller test suite.
"""

from __future__ import annotations

import os

import pytest

from tests.fixtures.http_server import scripted_server
from tests.fixtures.redis_server import redis_server, redis_url

__all__ = ["django_settings", "redis_server", "redis_url", "scripted_server"]

_REDIS_FIXTURES = frozenset({"redis_server", "redis_url"})


def _require_all() -> bool:
    return any(
        os.environ.get(name, "").lower() not in ("", "0", "false")
        for name in ("CI", "CLIENTSUITE_REQUIRE_ALL")
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses the Redis server, so ``-m redis`` selects exactly those."""
    for item in items:
        if _REDIS_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.redis)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped and _require_all() and exitstatus == 0:
        if reporter:
            reporter.write_line(f"{skipped} test(s) skipped under CI: every test must run here", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def django_settings() -> None:
    """Minimal Django settings, configured once per process for RequestFactory-based tests."""
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(DEBUG=False, ALLOWED_HOSTS=["testserver"], SECRET_KEY="tests-only", USE_TZ=True)
        django.setup()
