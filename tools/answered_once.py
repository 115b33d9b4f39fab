"""An MCP endpoint served over HTTP (the gateway's /mcp, our servers' `--http`) answers each request once, even
when the MCP SDK fails after it answered.

MCP SDK 2.3 acknowledges a notification (202) before it hands the message to the session. When the client's
DELETE ends the session in between (an SDK client closing right after a notification does), the hand-over
raises, and the SDK starts a second response, a 500, on the request it already answered. The ASGI server
refuses that response, and the error escapes the application as if the gateway had failed: an ERROR traceback in
the log, a 500 in the request log and a stray error trace, for a request whose client got its answer. The SDK
tracks the gap upstream (python-sdk PR #2983); until it ships, this guard keeps it inside the endpoint.

A failure before the answer completed is still an error and propagates, so the problem handlers answer it.
"""

import logging
from contextvars import ContextVar

from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger(__name__)

SDK_TRANSPORT_LOGGER = "mcp.server.streamable_http"
_SDK_POST_FAILURE = "Error handling POST request"


class _Answer:
    """One request's answer; shared by reference with every task the SDK starts for the request."""

    complete = False


# The request being served, in its task and the tasks it starts (a context var is copied into those, and the
# object it holds is shared): the SDK logs its late failure there too.
_request: ContextVar[_Answer | None] = ContextVar("relayboard_mcp_request", default=None)


def _answered() -> bool:
    answer = _request.get()
    return answer is not None and answer.complete


class AnsweredOnce:
    """Wraps the MCP SDK's ASGI app: messages after a complete response are dropped, and a failure after it is
    one INFO line (what happened, and that the client had its answer) instead of an unhandled error. Building one
    also quiets the SDK's own traceback for such a request (`LateSdkFailureFilter`)."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app
        _guard_sdk_transport_log()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return

        answer = _Answer()

        async def send_once(message: Message) -> None:
            if answer.complete:
                return  # the ASGI server would refuse anything more
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                answer.complete = True

        token = _request.set(answer)
        try:
            await self._app(scope, receive, send_once)
        except Exception as exc:
            if not answer.complete:
                raise
            logger.info(
                "MCP %s %s failed after it was answered (%s: %s), most likely because the client ended its session "
                "at the same time; the client had its answer",
                scope.get("method"),
                scope.get("path"),
                type(exc).__name__,
                exc,
            )
        finally:
            _request.reset(token)


class LateSdkFailureFilter(logging.Filter):
    """Drops the SDK's own traceback for a POST that failed after `AnsweredOnce` saw it answered (the guard logs
    it once, without a traceback); every other record of the SDK's transport passes."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (_answered() and record.getMessage() == _SDK_POST_FAILURE)


def _guard_sdk_transport_log() -> None:
    """Attach `LateSdkFailureFilter` to the SDK's transport logger, once however many guards are built."""
    sdk_logger = logging.getLogger(SDK_TRANSPORT_LOGGER)
    if not any(isinstance(f, LateSdkFailureFilter) for f in sdk_logger.filters):
        sdk_logger.addFilter(LateSdkFailureFilter())
