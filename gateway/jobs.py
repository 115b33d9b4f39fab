"""Background ingest jobs: large document uploads run in batches after the request returns, with progress."""

import asyncio
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from gateway.problems import problem_for
from observability import JobQueueReading

logger = logging.getLogger(__name__)
JobStatus = Literal["queued", "running", "succeeded", "failed"]
IngestBatch = Callable[[Sequence[dict[str, Any]]], Awaitable[dict[str, Any]]]
MAX_KEPT_JOBS = 1000


@dataclass
class Job:
    """What a client polls: status, documents done of total, chunks written, per-document failures."""

    id: str
    collection: str
    total: int
    status: JobStatus = "queued"
    documents: int = 0
    chunks: int = 0
    failures: list[dict[str, str]] = field(default_factory=list)
    error: str | None = None
    created_at: float = field(default_factory=time.time)
    finished_at: float | None = None


class JobRunner:
    """Runs ingest jobs as tasks of this process; jobs are kept in memory (the most recent 1000)."""

    def __init__(self, batch_size: int = 25) -> None:
        self._jobs: dict[str, Job] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._batch_size = batch_size

    def get(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id)

    def queue_reading(self) -> JobQueueReading:
        """Jobs queued and running, and how long the oldest queued one has waited (read by the metrics)."""
        depth = {"queued": 0, "running": 0}
        now, oldest = time.time(), None
        for job in list(self._jobs.values()):
            if job.status in depth:
                depth[job.status] += 1
            if job.status == "queued":
                oldest = job.created_at if oldest is None else min(oldest, job.created_at)
        return JobQueueReading(depth, 0.0 if oldest is None else now - oldest)

    def start(self, collection: str, documents: Sequence[dict[str, Any]], ingest: IngestBatch) -> Job:
        """Queue `documents` for ingest in batches; returns at once."""
        job = Job(id=str(uuid.uuid4()), collection=collection, total=len(documents))
        self._jobs[job.id] = job
        while len(self._jobs) > MAX_KEPT_JOBS:
            self._jobs.pop(next(iter(self._jobs)))
        task = asyncio.create_task(self._run(job, documents, ingest))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return job

    async def _run(self, job: Job, documents: Sequence[dict[str, Any]], ingest: IngestBatch) -> None:
        job.status = "running"
        try:
            for start in range(0, len(documents), self._batch_size):
                report = await ingest(documents[start : start + self._batch_size])
                job.documents += int(report["documents"])
                job.chunks += int(report["chunks"])
                job.failures.extend(report.get("failures", []))
            job.status = "succeeded"
        except Exception as exc:  # the job records the failure; the client sees it when polling
            _, _, detail = problem_for(exc)
            logger.warning("ingest job %s failed: %s", job.id, exc)
            job.status, job.error = "failed", detail
        finally:
            job.finished_at = time.time()

    async def close(self) -> None:
        """Cancel jobs still running (they can be resubmitted: ingest is idempotent)."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
