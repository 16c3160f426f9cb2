"""The official library's error names, so ``except pusher.errors.PusherBadAuth`` keeps working.

They name the suite's own typed errors (``clientsuite.errors``), which is what the client raises.
``PusherBadStatus`` (the official "any other status") is ``ApiError``, the base of every HTTP
error, so it also catches the three specific ones; catch those first, as official code does.
"""

from clientsuite.errors import ApiError, AuthenticationError, BadRequestError, PermissionDeniedError

PusherError = ApiError
PusherBadRequest = BadRequestError
PusherBadAuth = AuthenticationError
PusherForbidden = PermissionDeniedError
PusherBadStatus = ApiError

__all__ = ["PusherBadAuth", "PusherBadRequest", "PusherBadStatus", "PusherError", "PusherForbidden"]
