"""``Pusher``, the sync client: generated from the async source (``_async/client.py``) into ``_sync/``.

Kept, with ``AsyncPusher``, so that imports from ``clientsuite.pusher.client`` still work.
"""

from clientsuite.pusher._sync.client import Pusher
from clientsuite.pusher.async_client import AsyncPusher

__all__ = ["AsyncPusher", "Pusher"]
