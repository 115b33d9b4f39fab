"""Bodies of the job API: what a client submits (one question, a batch, or an ingest) and what it polls."""

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from gateway.jobs.records import JobKind
from gateway.jobs.store import JobRecord, JobStatus
from gateway.schemas import AskRequest
from graph.answer import Answer
from mcp_servers.retrieval.admin import FailureOut
from tools.inputs import CollectionName, DocumentIn


class AskJob(AskRequest):
    """One question, answered in the background."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"kind": "ask", "question": "How many invoices in 2010?"}]}
    )
    kind: Literal["ask"]


class BatchJob(BaseModel):
    """Several questions, answered one after another (each its own conversation unless it names a thread)."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["batch"]
    questions: list[AskRequest] = Field(min_length=1, description="At most RELAYBOARD_JOBS_MAX_BATCH questions")


class IngestJob(BaseModel):
    """Documents to chunk, embed and index into an existing collection, in batches of 25."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["ingest"]
    collection: CollectionName
    documents: list[DocumentIn] = Field(
        min_length=1, max_length=10_000, description="Each with its own id (a repeated id is a 400)"
    )


JobRequest = Annotated[AskJob | BatchJob | IngestJob, Field(discriminator="kind")]


def advertise_max_batch(openapi: dict[str, Any], max_batch: int) -> dict[str, Any]:
    """`openapi` with RELAYBOARD_JOBS_MAX_BATCH as the `maxItems` of a batch's questions (in place; returned):
    a batch the document allows is one the route takes."""
    schema = openapi.get("components", {}).get("schemas", {}).get("BatchJob")
    if schema is not None:
        schema["properties"]["questions"]["maxItems"] = max_batch
    return openapi


class ItemError(BaseModel):
    status: int
    title: str
    detail: str
    trace_id: str | None = None


class JobItem(BaseModel):
    """The outcome of question `item` (0-based, in the order submitted): its answer or its error."""

    item: int
    answer: Answer | None = None
    error: ItemError | None = None


class IngestProgress(BaseModel):
    collection: str
    documents: int = Field(description="Documents ingested so far")
    chunks: int
    failures: list[FailureOut] = Field(description="Documents that could not be ingested, and why")


JOB_ID = "0b6c1f9e-2d4a-4c41-9a53-1f0e2b7c8d90"


class JobView(BaseModel):
    """A job as its owner sees it: status, progress (`done` of `total`), results so far."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": JOB_ID,
                    "kind": "ask",
                    "status": "running",
                    "total": 3,
                    "done": 1,
                    "results": [{"item": 0, "error": None, "answer": None}],
                    "ingest": None,
                    "error": None,
                    "attempts": 1,
                    "created_at": 1796224000.0,
                    "started_at": 1796224000.2,
                    "finished_at": None,
                    "status_url": f"/v1/jobs/{JOB_ID}",
                    "events_url": f"/v1/jobs/{JOB_ID}/events",
                }
            ]
        }
    )

    id: str = Field(json_schema_extra={"format": "uuid"})
    kind: JobKind = Field(description="What was submitted: `ask` (one question), `batch` or `ingest`")
    status: JobStatus
    total: int = Field(ge=0, description="Questions, or documents, in the job")
    done: int = Field(ge=0, description="Questions answered (or failed), or documents ingested, so far")
    results: list[JobItem] | None = Field(default=None, description="Question jobs: each finished item, in order")
    ingest: IngestProgress | None = Field(default=None, description="Ingest jobs: what was indexed so far")
    error: str | None = Field(default=None, description="Why the job as a whole failed")
    attempts: int = Field(description="Times a worker took the job up (more than 1: it was resumed)")
    created_at: float = Field(description="Unix time, seconds")
    started_at: float | None = Field(description="Unix time a worker first took it up (None: still queued)")
    finished_at: float | None = Field(description="Unix time it ended (None: not yet)")
    status_url: str
    events_url: str

    @classmethod
    def of(cls, record: JobRecord, results: dict[int, dict[str, Any]] | None = None) -> "JobView":
        ingest = None
        if record.kind == "ingest":
            progress = {"documents": 0, "chunks": 0, "failures": [], **record.progress}
            ingest = IngestProgress(collection=record.payload["collection"], **progress)
        return cls(
            id=record.id,
            kind=record.kind,
            status=record.status,
            total=record.total,
            done=record.done,
            results=None if record.kind == "ingest" else [JobItem.model_validate(r) for r in (results or {}).values()],
            ingest=ingest,
            error=record.error,
            attempts=record.attempts,
            created_at=record.created_at,
            started_at=record.started_at,
            finished_at=record.finished_at,
            status_url=f"/v1/jobs/{record.id}",
            events_url=f"/v1/jobs/{record.id}/events",
        )
