"""A client may end its MCP session (DELETE /mcp) while the gateway is still delivering its last notification: the
notification was answered (202), so the gateway answers it once and logs no error. The MCP SDK alone would start a
second response, a 500, on the answered request, which the ASGI server refuses as an unhandled error."""

import asyncio
import json
import logging
from collections.abc import MutableMapping
from typing import Any

import httpx

from tests.support.fake_system import FakeSystem, fake_app
from tests.support.sse import sse_events

ACCEPT = {"accept": "application/json, text/event-stream", "content-type": "application/json"}
INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "ide", "version": "1"}},
}


class AsgiServer:
    """What an ASGI server holds an application to: one response per request, nothing after it completed."""

    def __init__(self) -> None:
        self.sent: list[MutableMapping[str, Any]] = []
        self.complete = False

    async def send(self, message: MutableMapping[str, Any]) -> None:
        if self.complete:  # uvicorn's own words for it
            raise RuntimeError(f"Unexpected ASGI message {message['type']!r} sent, after response already completed.")
        self.sent.append(message)
        self.complete = message["type"] == "http.response.body" and not message.get("more_body", False)


async def test_a_notification_racing_the_end_of_its_session_is_answered_once_and_logs_no_error(caplog) -> None:
    caplog.set_level(logging.INFO)
    async with fake_app(FakeSystem()) as app:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000") as client:
            opened = await client.post("/mcp", json=INITIALIZE, headers=ACCEPT)
            [(_, result)] = sse_events(opened.text.splitlines())
            session = {
                "mcp-session-id": opened.headers["mcp-session-id"],
                "mcp-protocol-version": result["result"]["protocolVersion"],
            }
            server, ended = AsgiServer(), asyncio.Event()

            async def send_ending_the_session(message: MutableMapping[str, Any]) -> None:
                await server.send(message)
                if message["type"] == "http.response.start":  # the 202 is out: the client ends its session now
                    assert (await client.delete("/mcp", headers=session)).status_code == 200

            body = json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}).encode()
            delivered = False

            async def receive() -> dict[str, Any]:
                nonlocal delivered
                if not delivered:
                    delivered = True
                    return {"type": "http.request", "body": body, "more_body": False}
                await ended.wait()  # the client stays connected
                return {"type": "http.disconnect"}

            headers = {**ACCEPT, **session, "host": "127.0.0.1:8000"}
            scope = {
                "type": "http",
                "asgi": {"version": "3.0"},
                "http_version": "1.1",
                "method": "POST",
                "scheme": "http",
                "path": "/mcp",
                "raw_path": b"/mcp",
                "query_string": b"",
                "root_path": "",
                "headers": [(k.encode(), v.encode()) for k, v in headers.items()],
                "client": ("127.0.0.1", 50000),
                "server": ("127.0.0.1", 8000),
            }
            await app(scope, receive, send_ending_the_session)
            ended.set()
            ping = {"jsonrpc": "2.0", "id": 2, "method": "ping"}
            after = await client.post("/mcp", json=ping, headers=ACCEPT | session)

    assert [m["status"] for m in server.sent if m["type"] == "http.response.start"] == [202]
    assert server.complete
    assert after.status_code == 404  # the session is over, as the client asked
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, [r.getMessage() for r in errors]
    [late] = [r.getMessage() for r in caplog.records if r.name == "tools.answered_once"]
    assert "POST /mcp failed after it was answered" in late and "the client had its answer" in late
