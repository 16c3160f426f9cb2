"""What every service client shares: construction, retries, deadlines, hooks, offline, pagination.

Service modules import from here, never from each other.
"""

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
