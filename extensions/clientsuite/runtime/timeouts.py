"""Default timeouts that know they are defaults.

A facade's signature default must equal the official SDK's number, yet a user's own
``http_client`` should keep the timeout it was built with unless the user also passed one to the
suite. :class:`DefaultTimeout` is that number, marked: ``ClientConfig`` lets a user's client win
over it, and over nothing a user typed. Kept apart from ``config`` so importing a facade stays light.
"""

from __future__ import annotations


class DefaultTimeout(float):
    """A timeout the user did not choose: equal to its number, but a user's own ``http_client``
    keeps the timeout it was built with over it (``timeout=60`` typed by hand, a plain float,
    wins over the user's client)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return float.__repr__(self)


def still_default(original: float | None, value: float) -> float:
    """``value`` (derived from ``original``), still marked as a default when ``original`` was one."""
    return DefaultTimeout(value) if isinstance(original, DefaultTimeout) else value


DEFAULT_TIMEOUT = DefaultTimeout(60.0)
