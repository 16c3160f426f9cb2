"""The Metagov facade, written once: this async source is what ``_sync/`` is generated from."""

from clientsuite.metagov._async.client import AsyncMetagov

__all__ = ["AsyncMetagov"]
