"""What the job tables hold, as the runner and the routes read it: a job, its status, its logged events."""

import time
from dataclasses import dataclass
from typing import Any, Literal

JobKind = Literal["ask", "batch", "ingest"]
# Jobs that answer questions (one, or a batch): their items are results; an ingest job has progress instead.
QUESTION_KINDS: tuple[JobKind, ...] = ("ask", "batch")
JobStatus = Literal["queued", "running", "succeeded", "failed", "cancelled"]
UNFINISHED: tuple[JobStatus, ...] = ("queued", "running")


@dataclass(frozen=True, slots=True)
class JobRecord:
    """One row of the jobs table."""

    id: str
    kind: JobKind
    owner: str
    principal: dict[str, Any]
    payload: dict[str, Any]
    status: JobStatus
    total: int
    done: int
    progress: dict[str, Any]
    error: str | None
    attempts: int
    worker: str | None
    created_at: float
    started_at: float | None
    finished_at: float | None

    @classmethod
    def queued(
        cls, job_id: str, kind: JobKind, owner: str, principal: dict[str, Any], payload: dict[str, Any], total: int
    ) -> "JobRecord":
        """A new job, queued now: nothing done, no worker, no attempt yet."""
        return cls(
            id=job_id,
            kind=kind,
            owner=owner,
            principal=principal,
            payload=payload,
            status="queued",
            total=total,
            done=0,
            progress={},
            error=None,
            attempts=0,
            worker=None,
            created_at=time.time(),
            started_at=None,
            finished_at=None,
        )

    @property
    def finished(self) -> bool:
        return self.status not in UNFINISHED


@dataclass(frozen=True, slots=True)
class JobEvent:
    """One entry of a job's event log; `id` orders the log (and is the SSE event id)."""

    id: int
    event: str
    data: dict[str, Any]
