"""The Pusher facade, written once: ``_async`` is the source, ``_sync`` its generated twin."""

from clientsuite.pusher._async.client import AsyncPusher

__all__ = ["AsyncPusher"]
