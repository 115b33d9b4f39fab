"""Durable jobs over HTTP: submit (202 + Location), poll, follow as server-sent events, cancel."""

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Path, Response, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import StreamingResponse

from agents.contracts import Principal
from gateway.deps import ApiKeyDep, JobsDep, PrincipalDep, SystemDep, TextLimitsDep
from gateway.governance.key_ref import KeyRef
from gateway.jobs import JobRunner
from gateway.jobs.schemas import JOB_ID, AskJob, BatchJob, IngestJob, JobRequest, JobView
from gateway.jobs.store import JobKind
from gateway.problem_docs import EVERY_V1_ROUTE, problems
from gateway.schemas import AskRequest
from gateway.sse import SSE_HEADERS, sse_event
from gateway.tracing import traceparent_header
from tools.errors import InvalidInput
from tools.inputs import check_distinct_ids

router = APIRouter(prefix="/v1", tags=["jobs"], responses=problems(*EVERY_V1_ROUTE, 400, 403, 404))
# Any string is looked up (an unknown one is a 404, as another key's job is); the ids we issue are UUIDs.
JobId = Annotated[
    str, Path(description="The `id` POST /v1/jobs answered", examples=[JOB_ID], json_schema_extra={"format": "uuid"})
]
ACCEPTED: dict[int | str, dict[str, Any]] = {
    202: {"description": "Accepted: `Location` (and `status_url`) is where to poll"}
}
EVENTS: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"text/event-stream": {}},
        "description": "Question jobs: route, tool_call, tool_result, delta, final, error (each with `item`); "
        "ingest jobs: progress; then one `job` event with the final status. Each event has an `id` "
        "(send it back as `Last-Event-ID` to resume).",
    }
}


async def accept(
    jobs: JobRunner,
    kind: JobKind,
    payload: dict[str, Any],
    total: int,
    caller: tuple[Principal, KeyRef | None],
    response: Response,
) -> JobView:
    """Submit a job and shape the 202 answer (with `Location`); the job's work continues this request's trace and
    runs only while the caller's key is live."""
    header = traceparent_header()
    traceparent = header[1].decode() if header else None
    record = await jobs.submit(kind, {**payload, "traceparent": traceparent}, total, *caller)
    response.status_code = status.HTTP_202_ACCEPTED
    response.headers["location"] = f"/v1/jobs/{record.id}"
    return JobView.of(record)


def _question_items(questions: list[AskRequest], limit: int) -> list[dict[str, Any]]:
    for index, question in enumerate(questions):
        if len(question.question) > limit:
            raise InvalidInput(f"question {index} has {len(question.question)} characters; the limit is {limit}")
    return [question.model_dump(exclude_none=True, exclude={"kind"}) for question in questions]


@router.post("/jobs", status_code=202, response_model=JobView, responses=ACCEPTED, summary="Submit a job")
async def submit_job(
    body: Annotated[JobRequest, Body()],
    response: Response,
    jobs: JobsDep,
    system: SystemDep,
    texts: TextLimitsDep,
    principal: PrincipalDep,
    key: ApiKeyDep,
) -> JobView:
    """One question (`ask`), several (`batch`, up to RELAYBOARD_JOBS_MAX_BATCH), or documents to ingest
    (`ingest`), run by a worker of any gateway sharing the job database; it survives restarts."""
    if isinstance(body, IngestJob):
        texts.check_documents([document.text for document in body.documents])
        check_distinct_ids(body.documents)  # across the whole job, not only within one batch of its ingest
        # An unknown collection is a 404 now, not a failed job later.
        await system.call_tool("retrieval", "describe_collection", {"name": body.collection}, principal=principal)
        documents = [document.model_dump() for document in body.documents]
        payload = {"collection": body.collection, "documents": documents}
        return await accept(jobs, "ingest", payload, len(documents), (principal, key), response)
    questions: list[AskRequest] = [body] if isinstance(body, AskJob) else body.questions
    if isinstance(body, BatchJob) and len(questions) > jobs.max_batch:
        # A 422 like any other breach of the schema, which states this limit as the batch's `maxItems`.
        message = (
            f"the batch has {len(questions)} questions; the limit is {jobs.max_batch} "
            "(RELAYBOARD_JOBS_MAX_BATCH): split it into several jobs"
        )
        raise RequestValidationError([{"type": "value_error", "loc": ("body", "questions"), "msg": message}])
    items = _question_items(questions, texts.question_chars)
    kind: JobKind = "batch" if isinstance(body, BatchJob) else "ask"
    return await accept(jobs, kind, {"items": items}, len(items), (principal, key), response)


@router.get("/jobs/{job_id}", response_model=JobView, summary="A job's status, progress and results")
async def get_job(job_id: JobId, jobs: JobsDep, principal: PrincipalDep) -> JobView:
    record, results = await jobs.get(job_id, principal)
    return JobView.of(record, results)


@router.delete("/jobs/{job_id}", response_model=JobView, summary="Cancel a job")
async def cancel_job(job_id: JobId, jobs: JobsDep, principal: PrincipalDep) -> JobView:
    """Stops an unfinished job (what it recorded so far stays readable); a finished job is left as it is."""
    await jobs.cancel(job_id, principal)
    record, results = await jobs.get(job_id, principal)
    return JobView.of(record, results)


@router.get(
    "/jobs/{job_id}/events",
    response_class=StreamingResponse,
    responses=EVENTS,
    summary="Follow a job as server-sent events",
)
async def job_events(
    job_id: JobId,
    jobs: JobsDep,
    principal: PrincipalDep,
    last_event_id: Annotated[int, Header(ge=0, le=2**63 - 1, description="Resume after this event id")] = 0,
) -> StreamingResponse:
    """Every event the job logged so far, then new ones as they happen, until it has finished."""
    await jobs.get(job_id, principal)  # 404 as a status, before the stream starts

    async def stream() -> AsyncIterator[str]:
        async for event in jobs.events(job_id, principal, after=last_event_id):
            yield sse_event(event.event, event.data, event_id=event.id)

    return StreamingResponse(stream(), media_type="text/event-stream", headers=SSE_HEADERS)
