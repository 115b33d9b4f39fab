"""Why an MCP server cannot serve a call, as the errors callers catch: unavailable now, exited while starting, or
silent past the call deadline."""

import anyio

from tools.errors import QueryTimeout, UpstreamUnavailable

# What a session raises when its transport is gone (the SDK reports a dead stdio pipe or HTTP connection as
# CONNECTION_CLOSED; the stream and socket errors are its lower layers). Any other error came from a live server.
TRANSPORT_ERRORS = (anyio.ClosedResourceError, anyio.BrokenResourceError, anyio.EndOfStream, OSError)


class ServerUnavailable(UpstreamUnavailable):
    """An MCP server cannot be reached; `server` names it, `retry_after_s` says when a retry may succeed."""

    def __init__(
        self, server: str, message: str, *, retry_after_s: float | None = None, reason: str | None = None
    ) -> None:
        super().__init__(message, retry_after_s=retry_after_s)
        self.server = server
        self.reason = reason or message
        """The cause alone, without the server's name and log (what readiness and a retry's message repeat)."""


class ServerExited(ServerUnavailable):
    """A stdio MCP server ended while starting (its stdout closed before the handshake); the message is what
    it wrote last on stderr."""


class CallTimedOut(QueryTimeout):
    """An MCP server did not answer one tool call within the call deadline; the session stays up (the server may
    have dropped that one request, as the MCP SDK's reader does with a message it cannot parse)."""


def reason_of(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError):
        return "no answer in time"  # asyncio.timeout's cause is a bare CancelledError, which explains nothing
    cause = exc.__cause__ or exc
    return str(cause) or type(cause).__name__
