"""Cache keys for flag checks: ``(flag, company keys, user keys)``, each key set frozen.

Equal key sets give equal cache keys in any order (a ``frozenset`` of the items). Freezing two key
sets costs more than the rest of a cached check, and a client mostly checks flags for the same
company and user again and again (one request checks several flags; a loop checks one flag), so
the client remembers the last pair: a :data:`Context` holds copies of the two dicts beside their
frozen sets, and an equal pair (dict equality ignores order, so any order matches) reuses them.
Reusing the very same frozen sets also makes the cache's key comparisons identity checks.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

FlagKey = tuple[str, frozenset[Any] | None, frozenset[Any] | None]
# (company copy, user copy, company frozen, user frozen), built by SchematicBase._key; copies so
# that a later change to the caller's dict cannot make a stale pair look equal.
Context = tuple[object, object, frozenset[Any] | None, frozenset[Any] | None]


class _Nothing:
    """Equal to nothing: the first comparison with :data:`NO_CONTEXT` always misses."""

    def __eq__(self, other: object) -> bool:
        return False

    __hash__ = None  # type: ignore[assignment]


NO_CONTEXT: Context = (_Nothing(), _Nothing(), None, None)


def _frozen(keys: Mapping[str, Any] | None) -> frozenset[Any] | None:
    if not keys:
        return None
    try:
        return frozenset(keys.items())
    except TypeError:  # an unhashable value: fall back to its JSON text
        return frozenset((k, json.dumps(v, sort_keys=True)) for k, v in keys.items())


def flag_key(flag: str, company: Mapping[str, Any] | None, user: Mapping[str, Any] | None) -> FlagKey:
    """The cache key, without a memo; values that cannot be hashed are keyed by their JSON text."""
    return (flag, _frozen(company), _frozen(user))
