"""The community ``put_community`` answers: a generated model's subclass, so it loads with that model."""

from __future__ import annotations

import attrs
from metagov_api.models.community import Community


@attrs.define
class SavedCommunity(Community):
    """The community as stored by ``put_community``; ``created`` is True for a 201 (it was new)."""

    created: bool = False
