"""Redact secrets from the log lines of httpx, httpcore and httpx-retries, which print whole URLs.

The filter lives in :mod:`clientsuite.redaction` so that ``import clientsuite`` installs it before
any client exists; this module keeps the runtime's import path.
"""

from clientsuite.redaction import RedactingFilter, install_log_redaction

__all__ = ["RedactingFilter", "install_log_redaction"]
