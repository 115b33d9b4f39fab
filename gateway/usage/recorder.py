"""Every request leaves one record: an ASGI middleware outside the key check, so refusals count too."""

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from opentelemetry import trace
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from agents.contracts import ANONYMOUS, Principal
from gateway.auth import PRINCIPAL_STATE, PUBLIC_PATHS
from gateway.governance.settings import GovernanceSettings
from gateway.usage.store import RequestRecord, UsageStore
from gateway.usage.tally import TraceUsage

logger = logging.getLogger(__name__)
CLIENT_CLOSED = 499  # nginx's convention: the client went away before the answer


class UsageRecorder:
    """Holds the store the middleware writes to; open for the app's lifetime."""

    def __init__(self) -> None:
        self.store: UsageStore | None = None

    @asynccontextmanager
    async def opened(self, settings: GovernanceSettings) -> AsyncIterator[UsageStore]:
        self.store = await UsageStore.open(settings.usage_url())
        try:
            yield self.store
        finally:
            await self.store.close()
            self.store = None


def _trace_id(message: Message) -> str | None:
    for name, value in message.get("headers", []):
        if name.lower() == b"traceparent":
            return str(value.decode().split("-")[1])
    context = trace.get_current_span().get_span_context()
    return f"{context.trace_id:032x}" if context.is_valid else None


class RequestRecordMiddleware:
    """Writes one `RequestRecord` per request (probes and API docs aside) after its answer is sent."""

    def __init__(self, app: ASGIApp, *, recorder: UsageRecorder) -> None:
        self._app, self._recorder = app, recorder

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in PUBLIC_PATHS:
            await self._app(scope, receive, send)
            return
        started, seen = time.perf_counter(), dict[str, object]()

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                seen["status"], seen["trace_id"] = int(message["status"]), _trace_id(message)
            await send(message)

        try:
            await self._app(scope, receive, sending)
        finally:
            await self._record(scope, seen, (time.perf_counter() - started) * 1000)

    async def _record(self, scope: Scope, seen: dict[str, object], latency_ms: float) -> None:
        store = self._recorder.store
        if store is None:
            return
        state = scope.get("state", {})
        principal = state.get(PRINCIPAL_STATE, ANONYMOUS)
        usage = state.get("usage", TraceUsage())
        route = scope.get("route")
        trace_id = state.get("trace_id") or seen.get("trace_id")
        record = RequestRecord(
            principal=principal.name if isinstance(principal, Principal) else ANONYMOUS.name,
            method=scope["method"],
            route=str(getattr(route, "path", scope["path"])),
            status=int(str(seen.get("status", CLIENT_CLOSED))),
            latency_ms=round(latency_ms, 1),
            trace_id=str(trace_id) if trace_id else None,
            routes=tuple(usage.routes),
            tools=tuple(usage.tools),
            model=usage.model,
            tokens_in=usage.input_tokens,
            tokens_out=usage.output_tokens,
        )
        try:
            await store.add(record)
        except Exception:  # the answer is sent; a failed record must not turn it into an error
            logger.exception("could not write the request record of trace %s", record.trace_id)
