"""A gateway that cannot start says why in one line.

When the lifespan fails, Starlette reports the failure to the server as the whole traceback, and uvicorn logs it
as the message of one ERROR line: over forty frames of contextlib and FastAPI around a sentence like "MCP server
notes exited while starting; it said: ... (its log: ...)". A failure Relayboard raised on purpose (a
`RelayboardError` other than `InternalFault`: a server that will not start, a database that cannot be reached,
settings that cannot work) already says what is wrong and what to fix, so that sentence becomes the message.
Anything else is our fault, and keeps its traceback.
"""

import sys

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tools.errors import InternalFault, RelayboardError

CANNOT_START = "relayboard cannot start: "


def _said_on_purpose(error: BaseException | None) -> list[str] | None:
    """The messages of a failure raised on purpose (one error, or a group of only such errors), else None."""
    if isinstance(error, RelayboardError) and not isinstance(error, InternalFault):
        return [str(error)]
    if isinstance(error, BaseExceptionGroup):
        found = [_said_on_purpose(inner) for inner in error.exceptions]
        if all(messages is not None for messages in found):
            return [message for messages in found if messages is not None for message in messages]
    return None


class StartupFailureMiddleware:
    """Rewrites the lifespan's `startup.failed` report to the error's own words when it was raised on purpose."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "lifespan":
            await self._app(scope, receive, send)
            return

        async def send_plainly(message: Message) -> None:
            if message["type"] == "lifespan.startup.failed":
                # Starlette sends this from inside its `except` around the lifespan: the failure is the one in hand.
                said = _said_on_purpose(sys.exc_info()[1])
                if said is not None:
                    message = {**message, "message": CANNOT_START + "; ".join(said)}
            await send(message)

        await self._app(scope, receive, send_plainly)
