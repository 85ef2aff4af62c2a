"""Every condition the sandbox refuses, one class each, carrying its HTTP status and errorCode.

Routes never pick a status: the backend raises one of these and a single handler in `app.py`
renders the Webex error body `{"message", "errors": [{"description", "errorCode"}], "trackingId"}`.
Messages never contain a token or a PIN.
"""

from __future__ import annotations

from typing import ClassVar


class SandboxError(Exception):
    status: ClassVar[int] = 400
    error_code: ClassVar[int] = 0
    message: ClassVar[str] = "The request is invalid."

    def __init__(self, detail: str | None = None, **fields: object) -> None:
        self.description = detail or self.message.format(**fields)
        super().__init__(self.description)


class BadRequest(SandboxError):
    status = 400
    error_code = 25008
    message = "Invalid request: {reason}"


class Unauthorized(SandboxError):
    status = 401
    error_code = 0
    message = "The request requires a valid access token set in the Authorization request header."


class Forbidden(SandboxError):
    status = 403
    error_code = 0
    message = "The access token does not carry the scope this request needs ({scope})."


class NotFound(SandboxError):
    status = 404
    error_code = 4008
    message = "{kind} not found: {id}"


class Conflict(SandboxError):
    status = 409
    error_code = 25000
    message = "Conflict: {reason}"
