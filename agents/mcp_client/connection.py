"""One MCP server as a connection that outlives its server: it notices a lost session and reconnects with backoff.

A fastmcp `Client` held open for the life of the gateway never recovers by itself once its server goes away:
every later `async with client` fails on its nesting counter. A `ServerConnection` owns its client, and when a
call finds the transport gone it closes the client (for a stdio server this ends the dead subprocess) and
reopens it in the background, restarting the server, until it answers again. Meanwhile calls fail at once with
`ServerUnavailable`, which says when to try again and why (a stdio server that exited while starting: its last
words on stderr).
"""

import asyncio
import logging
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, cast

from fastmcp import Client
from mcp.client.session import ClientSession
from mcp.shared.dispatcher import ProgressFnT
from mcp.shared.exceptions import MCPError
from mcp_types import (
    CONNECTION_CLOSED,
    CallToolRequest,
    CallToolRequestParams,
    CallToolResult,
    PaginatedRequestParams,
    RequestParamsMeta,
)

from agents.mcp_client.backoff import Backoff
from agents.mcp_client.idle_deadline import idle_deadline
from agents.mcp_client.server_log import ServerLog
from agents.mcp_client.specs import ToolSpec
from agents.mcp_client.unavailable import TRANSPORT_ERRORS, CallTimedOut, ServerExited, ServerUnavailable, reason_of

logger = logging.getLogger(__name__)


class ServerConnection:
    """The session with one MCP server: calls, pings, and recovery from a lost transport.

    `client` is the fastmcp client of the server (its transport decides stdio or HTTP); `log` is where the
    server's own log is, named in errors; `stdio` says the server is our subprocess, so a closed connection
    while connecting means it exited (`log` then holds its stderr); `check_output_schema=False` skips the SDK's
    JSON-Schema check of each result against its tool's `outputSchema` (for our own servers only, see
    `ServerTarget.typed_results`); `call_timeout_s` is the longest a tool call may go without an answer or a
    progress report. The connection is opened by `start` and released by `close`.
    """

    def __init__(
        self,
        name: str,
        client: Client[Any],
        *,
        backoff: Backoff,
        connect_timeout_s: float,
        call_timeout_s: float = 300.0,
        log: Path | None,
        stdio: bool = False,
        check_output_schema: bool = True,
    ) -> None:
        self.name, self._client, self._backoff = name, client, backoff
        self._check_output_schema = check_output_schema
        self._connect_timeout_s, self._call_timeout_s = connect_timeout_s, call_timeout_s
        self._log_hint = f" (its log: {log})" if log is not None else ""
        self._log, self._stdio = (ServerLog(log) if log is not None else None), stdio
        self._healthy = False
        self._generation = 0  # counts sessions: a failure seen on an old session must not condemn a new one
        self._next_attempt = time.monotonic()
        self._reason = "not connected yet"
        self._reconnecting: asyncio.Task[None] | None = None
        self._listing: asyncio.Task[bool] | None = None

    async def start(self, timeout_s: float) -> None:
        """Connect, retrying with backoff for up to `timeout_s` seconds: the server may still be coming up.

        A stdio server that exits while starting will not start by waiting: that is raised at once.

        Raises:
            ServerExited: a stdio server exited while starting; the message is its own last words.
            ServerUnavailable: the server did not answer in time; the message names it, the last error and its log.
        """
        deadline = time.monotonic() + timeout_s
        attempt, telling = 0, None
        while True:
            try:
                await self._attempt(min(self._connect_timeout_s, max(deadline - time.monotonic(), 0.1)))
                return
            except ServerExited:
                raise  # what it said is the reason, now: the 60 s of retries would only end in a timeout
            except Exception as exc:  # fastmcp raises many transport error types; all mean "not answering yet"
                # The last attempt is cut short by the deadline, so its timeout says less than an earlier refusal.
                telling = telling if isinstance(exc, TimeoutError) and telling else reason_of(exc)
                wait = min(self._backoff.delay(attempt), deadline - time.monotonic())
                if wait <= 0:
                    late = f"did not answer within {timeout_s:g}s: {telling}"
                    raise ServerUnavailable(self.name, f"MCP server {self.name} {late}{self._log_hint}") from exc
                logger.info("MCP server %s is not answering yet (%s); retrying in %.1fs", self.name, exc, wait)
                await asyncio.sleep(wait)
                attempt += 1

    async def call_tool(
        self,
        name: str,
        arguments: dict[str, Any],
        *,
        progress_callback: ProgressFnT | None = None,
        meta: dict[str, Any] | None = None,
    ) -> CallToolResult:
        """Call tool `name`; a tool error is in the result's `is_error`, not raised.

        Raises:
            ServerUnavailable: the server cannot be reached now (a reconnect is under way).
            CallTimedOut: the server went the call deadline without answering or reporting progress (an idle
                deadline: each progress report restarts it; the session stays up: the server may have dropped this
                one request and still answer others).
        """
        session, generation = self._session()
        # The deadline is outside `_watching`: its TimeoutError is an OSError, which there would read as a lost
        # transport and restart a server that may be serving every other call.
        try:
            async with idle_deadline(self._call_timeout_s, progress_callback) as on_progress:
                with self._watching(generation):
                    # `_meta` is an open mapping on the wire; the SDK types it as a TypedDict with extra items.
                    wire_meta = cast(RequestParamsMeta | None, meta)
                    if self._check_output_schema:
                        return await session.call_tool(name, arguments, progress_callback=on_progress, meta=wire_meta)
                    # `call_tool` without its JSON-Schema pass over the result (~4% of the gateway's CPU per request).
                    params = CallToolRequestParams(name=name, arguments=arguments, _meta=wire_meta)
                    request = CallToolRequest(params=params)
                    return await session.send_request(request, CallToolResult, progress_callback=on_progress)
        except TimeoutError as exc:
            logger.warning(
                "MCP server %s: neither answer nor progress on `%s` for %gs", self.name, name, self._call_timeout_s
            )
            raise CallTimedOut(
                f"MCP server {self.name} went {self._call_timeout_s:g}s without answering `{name}` or reporting "
                f"progress on it (RELAYBOARD_MCP_CALL_TIMEOUT_S){self._log_hint}: try again, or with less input"
            ) from exc

    async def list_tools(self) -> list[ToolSpec]:
        """Every tool the server lists now, all pages.

        Raises:
            ServerUnavailable: the server cannot be reached now (a reconnect is under way).
        """
        session, generation = self._session()
        specs: list[ToolSpec] = []
        cursor: str | None = None
        with self._watching(generation):
            while True:
                page = await session.list_tools(params=PaginatedRequestParams(cursor=cursor) if cursor else None)
                specs += [ToolSpec.from_mcp(tool, server=self.name) for tool in page.tools]
                cursor = page.next_cursor
                if not cursor:
                    return specs

    @property
    def reason(self) -> str | None:
        """Why the session is down (None while it is up): the last connect failure, or a server's exit message."""
        return None if self._healthy else self._reason

    @property
    def up(self) -> bool:
        """Whether the session is open and not known to be lost (no I/O: for metrics collected off the loop)."""
        return self._healthy

    async def ping(self, wait_s: float | None = None) -> bool:
        """True when the server answers a tools listing now; a lost session starts a reconnect and reads False.
        A False is logged with its reason.

        `wait_s` bounds this caller's wait (a readiness probe has a deadline of its own): past it the answer reads
        False while the listing goes on to the connection timeout, so a server that stays silent is still found
        lost and reconnected. Callers meanwhile share that one listing rather than stacking more on the server.

        (A listing, not MCP `ping`: servers of the modern protocol era do not offer `ping`.)
        """
        if self._listing is None or self._listing.done():
            self._listing = asyncio.create_task(self._lists_tools(), name=f"ping {self.name}")
        try:
            async with asyncio.timeout(wait_s):
                return await asyncio.shield(self._listing)
        except TimeoutError:
            logger.warning("MCP server %s is not ready: no answer within %gs", self.name, wait_s)
            return False

    async def _lists_tools(self) -> bool:
        try:
            session, generation = self._session()
            with self._watching(generation):
                async with asyncio.timeout(self._connect_timeout_s):
                    await session.list_tools()
        except (ServerUnavailable, MCPError, TimeoutError) as exc:  # MCPError: alive but refusing; not ready either
            reason = f"no answer within {self._connect_timeout_s:g}s" if isinstance(exc, TimeoutError) else str(exc)
            logger.warning("MCP server %s is not ready: %s", self.name, reason)
            return False
        return True

    async def close(self) -> None:
        """Stop reconnecting and release the session (and a stdio server's subprocess)."""
        if self._listing is not None:
            self._listing.cancel()
        if self._reconnecting is not None:
            self._reconnecting.cancel()
            with suppress(asyncio.CancelledError):
                await self._reconnecting
        self._healthy = False
        await self._close_client()

    def _session(self) -> tuple[ClientSession, int]:
        if self._healthy and not self._client.is_connected():
            self._lost(self._generation, "the session ended")
        if not self._healthy:
            raise self._unavailable()
        return self._client.session, self._generation

    @contextmanager
    def _watching(self, generation: int) -> Iterator[None]:
        try:
            yield
        except MCPError as exc:
            if exc.code != CONNECTION_CLOSED:
                raise  # the server answered with a protocol error: it is alive
            self._lost(generation, reason_of(exc))
            raise self._unavailable() from exc
        except TRANSPORT_ERRORS as exc:
            self._lost(generation, reason_of(exc))
            raise self._unavailable() from exc

    def _lost(self, generation: int, reason: str) -> None:
        if not self._healthy or generation != self._generation:
            return
        logger.warning("MCP server %s: connection lost (%s); reconnecting", self.name, reason)
        self._healthy, self._reason = False, reason
        self._next_attempt = time.monotonic()
        self._reconnecting = asyncio.create_task(self._reconnect(), name=f"reconnect {self.name}")

    async def _reconnect(self) -> None:
        attempt = 0
        while True:
            try:
                await self._attempt(self._connect_timeout_s)
            except Exception as exc:  # as in `start`: every failure to connect means "try again later"
                delay = self._backoff.delay(attempt)
                reason = exc.reason if isinstance(exc, ServerExited) else reason_of(exc)
                self._reason, self._next_attempt = reason, time.monotonic() + delay
                logger.info("MCP server %s still unavailable (%s); next attempt in %.1fs", self.name, exc, delay)
                await asyncio.sleep(delay)
                attempt += 1
            else:
                logger.warning("MCP server %s: reconnected after %d failed attempt(s)", self.name, attempt)
                return

    async def _attempt(self, timeout_s: float) -> None:
        """One connect attempt.

        Raises:
            ServerExited: our stdio server closed the connection while starting: it exited.
            Exception: any other failure to connect (the server is not answering yet).
        """
        mark = self._log.mark() if self._log is not None else 0
        try:
            await self._open(timeout_s)
        except MCPError as exc:
            if not self._stdio or exc.code != CONNECTION_CLOSED:
                raise
            words = self._log.last_words(mark) if self._log is not None else None
            reason = f"exited while starting; it said: {words}" if words else "exited while starting, saying nothing"
            raise ServerExited(self.name, f"MCP server {self.name} {reason}{self._log_hint}", reason=reason) from exc

    async def _open(self, timeout_s: float) -> None:
        await self._close_client()
        async with asyncio.timeout(timeout_s):
            await self._client.__aenter__()  # type: ignore[no-untyped-call]  # fastmcp leaves it unannotated
        self._generation += 1
        self._healthy = True

    async def _close_client(self) -> None:
        # Closing ends the old session, and a stdio transport's subprocess with it, so the next open starts afresh.
        try:
            await self._client.close()  # type: ignore[no-untyped-call]  # fastmcp leaves it unannotated
        except Exception as exc:  # a session that already failed re-raises its failure here; it is gone either way
            logger.debug("closing MCP client %s: %s", self.name, exc)

    def _unavailable(self) -> ServerUnavailable:
        retry_after = max(1.0, self._next_attempt - time.monotonic())
        return ServerUnavailable(
            self.name,
            f"MCP server {self.name} is unavailable ({self._reason}); reconnecting, "
            f"try again in {math.ceil(retry_after)}s{self._log_hint}",
            retry_after_s=retry_after,
        )
