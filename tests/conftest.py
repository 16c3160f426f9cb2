"""Fixtures shared by every test package: real servers on 127.0.0.1."""

from tests.fixtures.redis_server import redis_server, redis_url

from tests.fixtures.http_server import scripted_server

__all__ = ["redis_server", "redis_url", "scripted_server"]
