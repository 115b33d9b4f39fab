"""The stdio proxy's MCP session with the running gateway: reopened on the next request after the gateway restarts,
so the IDE keeps its server; its failures said in one line naming the cause (not the task groups it surfaced
through) and the fix.

    request -> the open session (or a new one) -> the gateway
            `-> the gateway is down: GatewayUnreachable (the IDE sees it; the next request tries again)
            `-> the gateway restarted ("Session terminated": it never ran the request): a new session, sent once more

The log says each cause once: a refusal (a refused key, a gateway down) is a warning the first time and debug while
it stays the same, and a session that cannot be ended because its gateway is gone is a debug line, not a warning.
"""

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TypeVar

import anyio
from anyio.abc import TaskGroup, TaskStatus
from mcp.client.session import ClientSession
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client
from mcp.shared.exceptions import MCPError
from mcp.types import CONNECTION_CLOSED, INVALID_REQUEST, InitializeResult

logger = logging.getLogger(__name__)
T = TypeVar("T")
RECONNECTED = "relayboard mcp: reconnected to the gateway at %s"
LOST = "relayboard mcp: the session with the gateway at %s ended (%s); the next request reconnects"
# What the SDK's client, and the gateway, say when the gateway no longer knows the session (it restarted).
SESSION_GONE = frozenset({"Session terminated", "Session not found"})
# The SDK's client warns when its DELETE ending a session fails; that session's gateway is gone (stopped, or
# restarted and forgot it), so there is nothing to end and nothing for the operator to do.
SDK_TRANSPORT_LOGGER = "mcp.client.streamable_http"
SESSION_END_FAILED = "Session termination failed"
NOT_ENDED = "relayboard mcp: the session was not ended at the gateway, which is gone (%s)"


class _SessionEndNotWarned(logging.Filter):
    """Says the SDK's failed session end as one debug line of ours instead of its warning."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if not message.startswith(SESSION_END_FAILED):
            return True
        logger.debug(NOT_ENDED, message.removeprefix(SESSION_END_FAILED).lstrip(": "))
        return False


@asynccontextmanager
async def gateway_session(
    endpoint: str, headers: dict[str, str]
) -> AsyncIterator[tuple[ClientSession, InitializeResult]]:
    """An initialized MCP session with the gateway's `/mcp` endpoint, sending `headers` (the API key) on each request.

    Raises:
        Exception: whatever the transport raises when the gateway refuses or cannot be reached.
    """
    async with create_mcp_http_client(headers=headers) as http:
        async with streamable_http_client(endpoint, http_client=http) as (read, write):
            async with ClientSession(read, write) as session:
                yield session, await session.initialize()


class GatewayUnreachable(Exception):
    """The gateway could not be reached, or refused the session; the message is one line naming the fix."""


def root_cause(exc: BaseException) -> BaseException:
    """The first error inside nested exception groups (the SDK's transports raise through task groups)."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    return exc


def refusal_line(endpoint: str, exc: BaseException, *, keyed: bool) -> str:
    """One line saying why the gateway at `endpoint` gave no session, and what to change; `keyed`: whether
    RELAYBOARD_API_KEY was set."""
    cause = root_cause(exc)
    detail = " ".join(str(cause).split()) or type(cause).__name__
    status = next((code for code in ("HTTP 401", "HTTP 403") if code in detail), None)
    if isinstance(cause, MCPError) and status is not None:
        if keyed:
            return (
                f"the Relayboard gateway at {endpoint} refused the key in RELAYBOARD_API_KEY ({status}): set "
                "RELAYBOARD_API_KEY to a key the gateway holds (its RELAYBOARD_API_KEYS, or `relayboard keys create`)"
            )
        return (
            f"the Relayboard gateway at {endpoint} needs an API key ({status}): set RELAYBOARD_API_KEY to a key the "
            "gateway holds (its RELAYBOARD_API_KEYS, or `relayboard keys create`)"
        )
    if isinstance(cause, MCPError):
        return f"the Relayboard gateway at {endpoint} refused the MCP session: {detail}"
    return unreachable_line(endpoint, detail)


def unreachable_line(endpoint: str, detail: str) -> str:
    """The error a request gets while the gateway is down."""
    return (
        f"the Relayboard gateway at {endpoint} is not reachable ({detail}); start it again (`relayboard serve`), "
        "or point RELAYBOARD_URL at the running one: the next request reconnects"
    )


def _gateway_gone(exc: MCPError) -> bool:
    return exc.error.code == CONNECTION_CLOSED or (
        exc.error.code == INVALID_REQUEST and exc.error.message in SESSION_GONE
    )


class GatewayLink:
    """The session requests go through. Each session lives in a task of `group` (the SDK's transport must be
    entered and left in one task), so a gateway that goes away ends that task, never the proxy."""

    def __init__(self, endpoint: str, headers: dict[str, str], group: TaskGroup) -> None:
        self._endpoint, self._headers, self._group = endpoint, headers, group
        self._session: ClientSession | None = None
        self._close: anyio.Event | None = None
        self._opening = anyio.Lock()
        self._warned: str | None = None  # the refusal last logged as a warning, until a session opens
        sdk = logging.getLogger(SDK_TRANSPORT_LOGGER)
        if not any(isinstance(installed, _SessionEndNotWarned) for installed in sdk.filters):
            sdk.addFilter(_SessionEndNotWarned())

    async def open(self) -> InitializeResult:
        """Open a session (ending the one before, if any) and return the gateway's `initialize` result.

        Raises:
            GatewayUnreachable: the gateway cannot be reached or refused the session.
        """
        self.close()
        try:
            session, upstream = await self._group.start(self._hold)
        except Exception as exc:  # any transport or HTTP failure: said in one line, with the fix
            line = refusal_line(self._endpoint, exc, keyed=self._keyed)
            # Each request reconnects: a cause that stays the same is news once, not on every request.
            logger.log(logging.DEBUG if line == self._warned else logging.WARNING, "relayboard mcp: %s", line)
            self._warned = line
            logger.debug("the failure behind it", exc_info=True)
            raise GatewayUnreachable(line) from exc
        self._session, self._warned = session, None
        result: InitializeResult = upstream
        return result

    @property
    def _keyed(self) -> bool:
        return any(name.lower() in {"authorization", "x-api-key"} for name in self._headers)

    async def send(self, request: Callable[[ClientSession], Awaitable[T]]) -> T:
        """`request` over the session, reopening it first if the gateway went away.

        Raises:
            GatewayUnreachable: the gateway is down (or went down during the request), or refused a new session.
            MCPError: the gateway answered the request with an error.
        """
        for attempt in (1, 2):
            session = await self._current()
            try:
                return await request(session)
            except MCPError as exc:
                if not _gateway_gone(exc):
                    raise
                self._drop(session)
                logger.info(LOST, self._endpoint, exc.error.message)
                if exc.error.code == CONNECTION_CLOSED or attempt == 2:
                    # Down now, or it may have run the request before it went: not sent again.
                    raise GatewayUnreachable(unreachable_line(self._endpoint, exc.error.message)) from exc
        raise AssertionError("unreachable")

    def close(self) -> None:
        """End the current session, if any."""
        if self._close is not None:
            self._close.set()
        self._session, self._close = None, None

    async def _current(self) -> ClientSession:
        async with self._opening:  # concurrent requests after a restart open one session
            if self._session is None:
                await self.open()
                logger.info(RECONNECTED, self._endpoint)
            assert self._session is not None
            return self._session

    def _drop(self, session: ClientSession) -> None:
        if self._session is session:
            self.close()

    async def _hold(self, *, task_status: TaskStatus[tuple[ClientSession, InitializeResult]]) -> None:
        """Keep one session open until `close`; its end (the gateway went away) only ends this task."""
        close = anyio.Event()
        started = False
        try:
            async with gateway_session(self._endpoint, self._headers) as (session, upstream):
                self._close = close
                started = True
                task_status.started((session, upstream))
                await close.wait()
        except Exception as exc:
            if not started:
                raise
            logger.info(LOST, self._endpoint, " ".join(str(root_cause(exc)).split()))
        finally:
            if self._close is close:  # its session, had it ended by itself: the next request opens another
                self._session, self._close = None, None
