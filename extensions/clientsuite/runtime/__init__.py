"""What every service client shares: construction, retries, deadlines, hooks, offline, pagination.

Service modules import from here, never from each other. Each name loads from its module on first
use (``__getattr__``, PEP 562): the transport, retries and ``asyncio`` are not imported until a client
needs them, which keeps ``import clientsuite.<service>`` cheap. Type checkers see the imports below.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from clientsuite.redaction import Secret, redact_headers, redact_url
    from clientsuite.runtime.calls import acall, call, expect
    from clientsuite.runtime.config import ClientConfig, attach, user_clients
    from clientsuite.runtime.credentials import SecretHeaders
    from clientsuite.runtime.deadlines import deadline, remaining
    from clientsuite.runtime.hooks import Hooks
    from clientsuite.runtime.offline import OfflineTransport
    from clientsuite.runtime.options import RequestOptions, request_options
    from clientsuite.runtime.pagination import apaginate, paginate
    from clientsuite.runtime.retries import RetryConfig
    from clientsuite.runtime.routes import Routes

_MODULE_OF = {
    "ClientConfig": "clientsuite.runtime.config",
    "Hooks": "clientsuite.runtime.hooks",
    "OfflineTransport": "clientsuite.runtime.offline",
    "RequestOptions": "clientsuite.runtime.options",
    "RetryConfig": "clientsuite.runtime.retries",
    "Routes": "clientsuite.runtime.routes",
    "Secret": "clientsuite.redaction",
    "SecretHeaders": "clientsuite.runtime.credentials",
    "acall": "clientsuite.runtime.calls",
    "apaginate": "clientsuite.runtime.pagination",
    "attach": "clientsuite.runtime.config",
    "call": "clientsuite.runtime.calls",
    "deadline": "clientsuite.runtime.deadlines",
    "expect": "clientsuite.runtime.calls",
    "paginate": "clientsuite.runtime.pagination",
    "redact_headers": "clientsuite.redaction",
    "redact_url": "clientsuite.redaction",
    "remaining": "clientsuite.runtime.deadlines",
    "request_options": "clientsuite.runtime.options",
    "user_clients": "clientsuite.runtime.config",
}

__all__ = [
    "ClientConfig",
    "Hooks",
    "OfflineTransport",
    "RequestOptions",
    "RetryConfig",
    "Routes",
    "Secret",
    "SecretHeaders",
    "acall",
    "apaginate",
    "attach",
    "call",
    "deadline",
    "expect",
    "paginate",
    "redact_headers",
    "redact_url",
    "remaining",
    "request_options",
    "user_clients",
]

# Hidden from type checkers, which see the imports above instead (a typo stays an error).
if not TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        module = _MODULE_OF.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        from importlib import import_module

        value = getattr(import_module(module), name)
        globals()[name] = value  # later lookups skip this hook
        return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
