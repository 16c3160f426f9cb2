"""clientsuite: the hand-written layer over the generated clients."""

from clientsuite.redaction import install_log_redaction

# From the first import, not the first client: httpx logs URLs (with query secrets) at INFO.
install_log_redaction()
