"""Every request's body is read up to a cap before its route runs; a client that goes away cancels the route."""

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.limits.responses import refuse


def _too_large(cap: int) -> str:
    return (
        f"the request body is larger than {cap} bytes, the limit of this gateway (RELAYBOARD_MAX_BODY_BYTES): "
        "send less per request, e.g. ingest documents in smaller batches"
    )


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _replaying(body: list[Message], receive: Receive) -> Receive:
    """`receive` with the body already read served first."""

    async def replay() -> Message:
        return body.pop(0) if body else await receive()

    return replay


class BodyAndDisconnectMiddleware:
    """Refuses bodies over `max_bytes` with 413 (by `Content-Length`, or once the bytes read pass it), then runs
    the route while watching the connection: a client that disconnects cancels the route's work (tool calls
    included), whatever the route and whether or not it streams."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, own_disconnects: frozenset[str] = frozenset()) -> None:
        """`own_disconnects`: paths whose app handles a client's going away itself and must not be cancelled
        with the request (the MCP endpoint: a session outlives the request that opened it, and a call is stopped
        by MCP's own cancellation)."""
        self._app, self._max, self._own_disconnects = app, max_bytes, own_disconnects

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        declared = _declared_length(scope)
        if declared is not None and declared > self._max:
            await refuse(scope, receive, send, 413, _too_large(self._max))
            return
        messages: list[Message] = []
        size, more = 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # gone before it finished sending: nothing to answer
            size += len(message.get("body", b""))
            if size > self._max:
                await refuse(scope, receive, send, 413, _too_large(self._max))
                return
            messages.append(message)
            more = bool(message.get("more_body", False))
        if scope["path"] in self._own_disconnects:
            await self._app(scope, _replaying(messages, receive), send)
        else:
            await self._run_until_disconnect(scope, messages, receive, send)

    async def _run_until_disconnect(self, scope: Scope, body: list[Message], receive: Receive, send: Send) -> None:
        gone = anyio.Event()

        async def replay() -> Message:
            if body:
                return body.pop(0)
            await gone.wait()
            return {"type": "http.disconnect"}

        try:
            async with anyio.create_task_group() as group:

                async def watch() -> None:
                    while (await receive())["type"] != "http.disconnect":
                        pass
                    gone.set()
                    group.cancel_scope.cancel()  # the route's work, its tool calls with it

                group.start_soon(watch)
                await self._app(scope, replay, send)
                group.cancel_scope.cancel()  # answered: stop watching
        except BaseExceptionGroup as failed:
            # The route's own error, as the error handlers outside expect it (not wrapped by the task group).
            if len(failed.exceptions) == 1:
                raise failed.exceptions[0] from None
            raise
