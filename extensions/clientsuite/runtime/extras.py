"""Optional dependencies: each service's needs are an install extra, named when they are missing.

The core install is small (httpx, attrs, python-dateutil, httpx-retries); a service that needs more
imports it through :func:`require` where the feature is first used (so ``import clientsuite.<svc>``
stays cheap for CLIs and serverless cold starts), and a user who installed only ``clientsuite`` gets
one clear sentence there instead of ``No module named 'nacl'``.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

#: The extra that installs each optional top-level module.
EXTRA_OF_MODULE = {
    "nacl": "pusher",
    "jwt": "pluginlab",
    "cryptography": "pluginlab",
    "jsonschema": "metagov",
    "authlib": "lumos",
    "redis": "redis",
    "aiohttp": "async",
    "httpx_aiohttp": "async",
}


class MissingExtraError(ImportError):
    """A feature was used whose optional dependencies are not installed."""

    def __init__(self, extra: str, feature: str, module: str | None) -> None:
        self.extra = extra
        self.feature = feature
        missing = f" ({module} is not installed)" if module else ""
        super().__init__(
            f"{feature} needs the '{extra}' extra{missing}: pip install 'clientsuite[{extra}]'",
            name=module,
        )


def missing_extra(error: ImportError, feature: str) -> MissingExtraError:
    """The error to raise (``from error``) when importing an optional dependency failed."""
    module = error.name or ""
    top = module.split(".", 1)[0]
    extra = EXTRA_OF_MODULE.get(top)
    if extra is None:  # not one of ours: a genuine bug inside an installed package, keep it visible
        raise error
    return MissingExtraError(extra, feature, top)


def require(module: str, feature: str) -> ModuleType:
    """Import an optional dependency at the feature's first use; a missing extra is named.

    Already imported, it costs one dict lookup, so hot paths may call it on every use.
    """
    found = sys.modules.get(module)
    if found is not None:
        return found
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise missing_extra(error, feature) from error
