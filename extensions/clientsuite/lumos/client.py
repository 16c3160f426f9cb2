"""Kept so ``from clientsuite.lumos.client import ConnectorClient`` still works."""

from clientsuite.lumos._sync.client import ConnectorClient

__all__ = ["ConnectorClient"]
