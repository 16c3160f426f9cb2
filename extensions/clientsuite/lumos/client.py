"""Kept so that ``from clientsuite.lumos.client import ConnectorClient`` (and its neighbours) still work."""

from clientsuite.lumos._async.client import AsyncConnectorClient
from clientsuite.lumos._sync.client import ConnectorClient
from clientsuite.lumos.capabilities import Capability

__all__ = ["AsyncConnectorClient", "Capability", "ConnectorClient"]
