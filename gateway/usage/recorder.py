"""Every request leaves one record: an ASGI middleware outside the key check, so refusals count too."""

import logging
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from opentelemetry import trace
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from agents.contracts import ANONYMOUS, Principal
from gateway.auth import PUBLIC_PATHS
from gateway.governance.settings import GovernanceSettings
from gateway.request_state import PRINCIPAL_STATE
from gateway.response_outcome import ResponseOutcome
from gateway.usage.payloads import ANSWER_ROUTES, PAYLOAD_STATE, Payload
from gateway.usage.redaction import Redactor
from gateway.usage.settings import PayloadSettings
from gateway.usage.store import AnsweredRequest, RequestRecord, UsageStore
from gateway.usage.tally import TraceUsage
from gateway.usage.writer import RecordWriter

logger = logging.getLogger(__name__)


class UsageRecorder:
    """Holds the store the middleware writes to (open for the app's lifetime), the payload policy, and the
    requests answered whose record is not written yet (feedback may arrive before it is)."""

    def __init__(self, payloads: PayloadSettings | None = None) -> None:
        self.store: UsageStore | None = None
        settings = payloads or PayloadSettings()
        self._redactor = Redactor.from_settings(settings) if settings.log_payloads else None
        self.unwritten: dict[str, AnsweredRequest] = {}  # trace id -> whose request (one process's view)
        self._writer: RecordWriter | None = None

    def payload_text(self, text: str | None) -> str | None:
        """`text` as the request record keeps it: None unless payload logging is on, else redacted."""
        if self._redactor is None or text is None:
            return None
        return self._redactor.redact(text)

    @asynccontextmanager
    async def opened(self, settings: GovernanceSettings) -> AsyncIterator[UsageStore]:
        self.store = await UsageStore.open(settings.usage_url())
        try:
            async with RecordWriter(self.store, self._written).running() as self._writer:
                yield self.store
        finally:
            self._writer = None
            await self.store.close()
            self.store = None

    def keep(self, record: RequestRecord) -> bool:
        """Queue `record` to be written off the request path; False if the request log is not open."""
        if self._writer is None:
            return False
        self._writer.put(record)
        return True

    async def flushed(self) -> None:
        """Return once every record queued so far is written."""
        if self._writer is not None:
            await self._writer.flushed()

    def _written(self, records: Sequence[RequestRecord]) -> None:
        for record in records:
            self.unwritten.pop(str(record.trace_id), None)


def _trace_ids(message: Message) -> tuple[str | None, str | None]:
    """(trace id, span id) of the response's `traceparent` (the request's root span), else the current span's."""
    for name, value in message.get("headers", []):
        if name.lower() == b"traceparent":
            parts = value.decode().split("-")
            return (parts[1], parts[2]) if len(parts) == 4 else (None, None)
    context = trace.get_current_span().get_span_context()
    return (f"{context.trace_id:032x}", f"{context.span_id:016x}") if context.is_valid else (None, None)


class RequestRecordMiddleware:
    """Writes one `RequestRecord` per request (probes and API docs aside) after its answer is sent."""

    def __init__(self, app: ASGIApp, *, recorder: UsageRecorder) -> None:
        self._app, self._recorder = app, recorder

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in PUBLIC_PATHS:
            await self._app(scope, receive, send)
            return
        started, seen = time.perf_counter(), dict[str, object]()
        outcome = ResponseOutcome(receive, send)

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                seen["trace_id"], seen["span_id"] = _trace_ids(message)
                self._note_unwritten(scope, seen)
            await outcome.send(message)

        try:
            await self._app(scope, outcome.receive, sending)
        finally:
            seen["status"] = outcome.status
            if not self._record(scope, seen, (time.perf_counter() - started) * 1000):
                self._recorder.unwritten.pop(str(seen.get("trace_id")), None)

    def _note_unwritten(self, scope: Scope, seen: dict[str, object]) -> None:
        trace_id = scope.get("state", {}).get("trace_id") or seen.get("trace_id")
        principal = scope.get("state", {}).get(PRINCIPAL_STATE, ANONYMOUS)
        route = str(getattr(scope.get("route"), "path", scope["path"]))
        if trace_id and isinstance(principal, Principal) and route in ANSWER_ROUTES:
            seen["trace_id"] = str(trace_id)
            span_id = seen.get("span_id")
            answered = AnsweredRequest(principal.name, str(trace_id), str(span_id) if span_id else None)
            self._recorder.unwritten[str(trace_id)] = answered

    def _record(self, scope: Scope, seen: dict[str, object], latency_ms: float) -> bool:
        """Queue the request's record (written after the answer, off its path); False if it cannot be kept."""
        state = scope.get("state", {})
        principal = state.get(PRINCIPAL_STATE, ANONYMOUS)
        usage = state.get("usage", TraceUsage())
        route = scope.get("route")
        trace_id = state.get("trace_id") or seen.get("trace_id")
        span_id = seen.get("span_id")
        payload = state.get(PAYLOAD_STATE, Payload())
        record = RequestRecord(
            principal=principal.name if isinstance(principal, Principal) else ANONYMOUS.name,
            method=scope["method"],
            route=str(getattr(route, "path", scope["path"])),
            status=int(str(seen["status"])),
            latency_ms=round(latency_ms, 1),
            trace_id=str(trace_id) if trace_id else None,
            span_id=str(span_id) if span_id else None,
            routes=tuple(usage.routes),
            tools=tuple(usage.tools),
            model=usage.model,
            tokens_in=usage.input_tokens,
            tokens_out=usage.output_tokens,
            question=self._recorder.payload_text(payload.question),
            answer=self._recorder.payload_text(payload.answer),
        )
        return self._recorder.keep(record)
