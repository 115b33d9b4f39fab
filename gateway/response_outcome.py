"""The status a request ended with, as nginx records it: 499 for a client that left before its answer was sent."""

from starlette.types import Message, Receive, Send

CLIENT_CLOSED = 499  # nginx's convention: the client went away before the answer was complete
NOT_ANSWERED = 500  # nothing was sent: the app raised, and the server's last-resort handler answers 500


class ResponseOutcome:
    """Watches one request's `receive` and `send` (wrap both, pass the wrappers on) and reports its status.

    A stream's status line goes out first (200), so the status sent is not the outcome when the client
    disconnects mid-stream: that request ended 499, whatever the status line said.
    """

    def __init__(self, receive: Receive, send: Send) -> None:
        self._receive, self._send = receive, send
        self.sent_status: int | None = None
        self._complete = self._client_left = False

    async def receive(self) -> Message:
        message = await self._receive()
        if message["type"] == "http.disconnect" and not self._complete:
            self._client_left = True  # servers also say "disconnect" once the answer is complete: not a leaving
        return message

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.sent_status = int(message["status"])
        try:
            await self._send(message)
        except OSError:  # ASGI 2.4 servers raise when the client is gone
            self._client_left = True
            raise
        if message["type"] == "http.response.body" and not message.get("more_body", False):
            self._complete = True

    @property
    def status(self) -> int:
        """499 if the client left before the answer was complete; else the status sent (500 if none was)."""
        if self._client_left:
            return CLIENT_CLOSED
        return NOT_ANSWERED if self.sent_status is None else self.sent_status
