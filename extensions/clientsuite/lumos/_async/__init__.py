"""The connector client, written once: ``_async/`` is the source, ``_sync/`` its generated twin."""

from clientsuite.lumos._async.client import AsyncConnectorClient

__all__ = ["AsyncConnectorClient"]
