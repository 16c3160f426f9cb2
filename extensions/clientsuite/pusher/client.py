"""``Pusher``, the sync client: generated from the async source (``_async/client.py``) into ``_sync/``."""

from clientsuite.pusher._sync.client import Pusher

__all__ = ["Pusher"]
