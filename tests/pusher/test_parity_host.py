"""The one host the suite picks differently from the official library, on purpose (docs/pusher.md)."""

from __future__ import annotations

import pusher
from clientsuite.pusher import AsyncPusher, Pusher


def test_with_a_cluster_both_use_its_host() -> None:
    official = pusher.Pusher("1", "key", "secret", cluster="eu")
    assert (
        official._pusher_client.host == Pusher("1", "key", "secret", cluster="eu").host == "api-eu.pusher.com"
    )


def test_known_difference_default_host_is_the_mt1_cluster_by_its_current_name() -> None:
    """Neither ``host`` nor ``cluster``: the official library still uses mt1's legacy host name."""
    assert pusher.Pusher("1", "key", "secret")._pusher_client.host == "api.pusherapp.com"
    assert Pusher("1", "key", "secret").host == AsyncPusher("1", "key", "secret").host == "api-mt1.pusher.com"
