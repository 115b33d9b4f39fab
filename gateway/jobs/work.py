"""What a job does once claimed: answer its questions one by one, or ingest its documents batch by batch,
resuming after whatever an earlier, interrupted attempt already recorded. Each question and each batch is a step:
before every step but the attempt's first (checked as the attempt began) the job asks again whom it runs for, so a
key revoked or expired meanwhile stops the job there, with what was recorded kept."""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from opentelemetry import context as otel_context

from agents.contracts import Principal
from gateway.governance.key_ref import KeyRef
from gateway.problems import problem_for
from gateway.usage.payloads import JOB_ANSWER_ROUTE
from gateway.usage.store import RequestRecord
from graph.system import AgentSystem, Turn
from observability import extract_context
from tools.grants import Grants

logger = logging.getLogger(__name__)
INGEST_BATCH = 25
EVENT_FLUSH_S = 0.25  # how often a running question's events reach the log (and so /events readers)


class LostClaim(Exception):
    """The worker no longer holds the job (cancelled, or taken over after a lapsed lease): stop quietly."""


async def _no_record(_: RequestRecord) -> None:
    return None


@dataclass(frozen=True, slots=True)
class JobIo:
    """The job store as a running job sees it: async, and fenced by this worker's claim."""

    record_item: Callable[[int, dict[str, Any]], Awaitable[bool]]
    record_progress: Callable[[int, dict[str, Any]], Awaitable[bool]]
    add_events: Callable[[list[tuple[str, dict[str, Any]]]], Awaitable[None]]
    recorded_items: Callable[[], Awaitable[set[int]]]
    principal_now: Callable[[], Awaitable[Principal]]
    """Whom the next step runs for, with the grants held now; raises Unauthenticated once the key is not live."""
    record_request: Callable[[RequestRecord], Awaitable[None]] = _no_record
    """Where each answered question leaves its request record, as an HTTP answer does (feedback looks there)."""


def principal_record(principal: Principal, key: KeyRef | None = None) -> dict[str, Any]:
    """What a job keeps of the principal it runs for: the name, the grants held when it was submitted and, when
    one was presented, the key by its public reference (never the key), whose liveness a worker checks."""
    kept: dict[str, Any] = {"name": principal.name, "grants": principal.grants.strings()}
    return kept if key is None else {**kept, "key": key.record()}


def principal_from(fields: dict[str, Any]) -> Principal:
    """The principal `principal_record` kept; a record without grants (none written so) holds none."""
    return Principal(name=str(fields.get("name", "anonymous")), grants=Grants.parse(fields.get("grants", [])))


async def run_questions(system: AgentSystem, payload: dict[str, Any], principal: Principal, io: JobIo) -> None:
    """Answer every question not answered yet, recording each answer (or its error) as that item's result.

    Raises:
        Unauthenticated: the key that submitted the job was revoked or expired before a later question.

    One question is answered in the submitting request's trace; each question of a batch in a trace of its own,
    linked to the submission (OpenTelemetry's convention for a batch of messages), so every answer has its own
    trace id for feedback and for finding it in Jaeger."""
    items: list[dict[str, Any]] = payload["items"]
    submitted = extract_context({"traceparent": payload["traceparent"]}) if payload.get("traceparent") else None
    parent, follows = (submitted, None) if len(items) == 1 else (None, submitted)
    done = await io.recorded_items()
    first = True
    for index, item in enumerate(items):
        if index in done:
            continue
        if not first:
            principal = await io.principal_now()  # outside _answer: a dead key fails the job, not just this item
        first = False
        result = await _answer(system, index, item, (parent, follows), principal, io)
        if not await io.record_item(index, result):
            raise LostClaim


async def _answer(
    system: AgentSystem,
    index: int,
    item: dict[str, Any],
    trace_of: tuple[otel_context.Context | None, otel_context.Context | None],
    principal: Principal,
    io: JobIo,
) -> dict[str, Any]:
    pending: list[tuple[str, dict[str, Any]]] = []
    loop = asyncio.get_running_loop()
    flushed_at = loop.time()
    trace_id: str | None = None
    started = loop.time()
    try:
        turn = await system.begin(
            item["question"],
            thread_id=item.get("thread_id"),
            parent=trace_of[0],
            follows=trace_of[1],
            collection=item.get("collection"),
            summary=item.get("summary"),
            principal=principal,
        )
        trace_id = turn.trace_id
        async for event, data in system.run(turn):
            pending.append((event, {**data, "item": index}))
            if event == "final":
                await io.add_events(pending)
                await io.record_request(_answer_record(principal, turn, data, (loop.time() - started) * 1000))
                return {"item": index, "answer": data}
            if loop.time() - flushed_at >= EVENT_FLUSH_S:
                await io.add_events(pending)
                pending, flushed_at = [], loop.time()
        raise RuntimeError("the graph finished without a final answer")
    except Exception as exc:  # one question's failure is that item's result; the batch goes on
        status, title, detail = problem_for(exc)
        if status >= 500:
            logger.warning("job question %d failed (trace %s): %s", index, trace_id, exc, exc_info=status == 500)
        error = {"status": status, "title": title, "detail": detail, "trace_id": trace_id}
        await io.add_events([*pending, ("error", {**error, "item": index})])
        return {"item": index, "error": error}


def _answer_record(principal: Principal, turn: Turn, answer: dict[str, Any], latency_ms: float) -> RequestRecord:
    return RequestRecord(
        principal=principal.name,
        method="JOB",
        route=JOB_ANSWER_ROUTE,
        status=200,
        latency_ms=round(latency_ms, 1),
        trace_id=turn.trace_id,
        span_id=f"{turn.span.get_span_context().span_id:016x}",
        routes=tuple(answer.get("routes") or ()),
    )


async def run_ingest(
    system: AgentSystem, payload: dict[str, Any], principal: Principal, io: JobIo, start: int, progress: dict[str, Any]
) -> None:
    """Ingest the documents from `start` on, in batches; each batch's report is added to `progress`.

    Raises:
        RelayboardError: the retrieval server refused a batch (e.g. the collection was deleted meanwhile).
        Unauthenticated: the key that submitted the job was revoked or expired before a later batch.
    """
    documents: list[dict[str, Any]] = payload["documents"]
    totals = {"documents": 0, "chunks": 0, "failures": [], **progress}
    # Each batch's call is a span of the submitting request's trace (a job's work is no trace of its own).
    parent = extract_context({"traceparent": payload["traceparent"]}) if payload.get("traceparent") else None
    token = otel_context.attach(parent) if parent is not None else None
    try:
        await _ingest_batches(system, payload, documents, totals, principal, io, start)
    finally:
        if token is not None:
            otel_context.detach(token)


async def _ingest_batches(
    system: AgentSystem,
    payload: dict[str, Any],
    documents: list[dict[str, Any]],
    totals: dict[str, Any],
    principal: Principal,
    io: JobIo,
    start: int,
) -> None:
    for offset in range(start, len(documents), INGEST_BATCH):
        if offset != start:
            principal = await io.principal_now()
        batch = documents[offset : offset + INGEST_BATCH]
        report = await system.call_tool(
            "retrieval",
            "ingest_documents",
            {"collection": payload["collection"], "documents": batch},
            principal=principal,
        )
        totals["documents"] += int(report["documents"])
        totals["chunks"] += int(report["chunks"])
        totals["failures"] = [*totals["failures"], *report.get("failures", [])]
        done = offset + len(batch)
        if not await io.record_progress(done, totals):
            raise LostClaim
        await io.add_events([("progress", {"done": done, "total": len(documents), **totals})])
