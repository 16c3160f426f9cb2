"""Kept so ``from clientsuite.lumos.aclient import AsyncConnectorClient`` still works."""

from clientsuite.lumos._async.client import AsyncConnectorClient

__all__ = ["AsyncConnectorClient"]
