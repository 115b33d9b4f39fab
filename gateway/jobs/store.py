"""The job tables: a job's request, owner, status, claim (worker and lease), results and event log.

Every write that decides who runs a job is one conditional UPDATE (a claim, a renewal, a hand-back), so two
workers never both believe they hold a job, and an item's result is recorded once: its row's key is
(job, item), and a worker whose claim lapsed can no longer write. Calls are blocking (peewee); the runner
calls them in threads.
"""

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, cast

import peewee

from gateway.jobs.database import open_database
from gateway.jobs.records import UNFINISHED, JobEvent, JobKind, JobRecord, JobStatus
from observability import JobQueueReading

# The job's value types and its database have modules of their own; callers keep importing them from here.
__all__ = ["UNFINISHED", "JobEvent", "JobKind", "JobRecord", "JobStatus", "JobStore", "open_database"]


class JobStore:
    """The jobs, their results and events, in `database` (tables are created when missing)."""

    def __init__(self, database: peewee.Database) -> None:
        self.database = database

        class Base(peewee.Model):
            class Meta:
                database = self.database

        class Job(Base):
            id = peewee.CharField(primary_key=True, max_length=36)
            kind = peewee.CharField(max_length=16)
            owner = peewee.CharField(max_length=128, index=True)
            principal = peewee.TextField()
            payload = peewee.TextField()
            status = peewee.CharField(max_length=16, index=True)
            total = peewee.IntegerField()
            done = peewee.IntegerField(default=0)
            progress = peewee.TextField(default="{}")
            error = peewee.TextField(null=True)
            attempts = peewee.IntegerField(default=0)
            worker = peewee.CharField(max_length=128, null=True)
            lease_until = peewee.DoubleField(null=True)
            created_at = peewee.DoubleField()
            started_at = peewee.DoubleField(null=True)
            finished_at = peewee.DoubleField(null=True)

            class Meta:
                table_name = "relayboard_jobs"

        class Result(Base):
            job = peewee.CharField(max_length=36)
            item = peewee.IntegerField()
            result = peewee.TextField()

            class Meta:
                table_name = "relayboard_job_results"
                primary_key = peewee.CompositeKey("job", "item")

        class Event(Base):
            id = peewee.BigAutoField()
            job = peewee.CharField(max_length=36, index=True)
            event = peewee.CharField(max_length=32)
            data = peewee.TextField()

            class Meta:
                table_name = "relayboard_job_events"

        self._job, self._result, self._event = Job, Result, Event
        with self.database.connection_context():
            self.database.create_tables([Job, Result, Event], safe=True)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction (SQLite: taking the write lock at once, so two writers never deadlock upgrading)."""
        lock = ("IMMEDIATE",) if isinstance(self.database, peewee.SqliteDatabase) else ()
        with self.database.atomic(*lock):
            yield

    def create(self, record: JobRecord, enqueue: Callable[[], None]) -> None:
        """Insert the job and, in the same transaction, put it on the queue (`enqueue`)."""
        with self.transaction():
            self._job.create(
                id=record.id,
                kind=record.kind,
                owner=record.owner,
                principal=_dump(record.principal),
                payload=_dump(record.payload),
                status=record.status,
                total=record.total,
                created_at=record.created_at,
            )
            enqueue()

    def get(self, job_id: str) -> JobRecord | None:
        row = self._job.get_or_none(self._job.id == job_id)
        return None if row is None else _record(row)

    def claim(self, job_id: str, worker: str, lease_s: float) -> JobRecord | None:
        """Take the job for `worker` if it is queued, or running on a lapsed lease; None if another holds it or
        it is finished (a duplicate queue entry, or a cancelled job)."""
        job, now = self._job, time.time()
        claimable = (job.status == "queued") | ((job.status == "running") & (job.lease_until < now))
        taken = (
            job.update(
                status="running",
                worker=worker,
                lease_until=now + lease_s,
                attempts=job.attempts + 1,
                started_at=peewee.fn.COALESCE(job.started_at, now),
            )
            .where((job.id == job_id) & claimable)
            .execute()
        )
        return self.get(job_id) if taken else None

    def renew(self, job_id: str, worker: str, lease_s: float) -> bool:
        """Extend `worker`'s claim; False when it has none any more (the job was cancelled or taken over)."""
        job = self._job
        held = (job.id == job_id) & (job.worker == worker) & (job.status == "running")
        return bool(job.update(lease_until=time.time() + lease_s).where(held).execute())

    def hand_back(self, job_id: str, worker: str, enqueue: Callable[[], None]) -> bool:
        """Return a job `worker` holds to the queue (shutting down), to be resumed by any worker."""
        job = self._job
        held = (job.id == job_id) & (job.worker == worker) & (job.status == "running")
        with self.transaction():
            if not job.update(status="queued", worker=None, lease_until=None).where(held).execute():
                return False
            enqueue()
        return True

    def requeue_lapsed(self, enqueue: Callable[[str], None]) -> list[str]:
        """Put back on the queue every running job whose lease lapsed (its worker died); returns their ids."""
        job, now, requeued = self._job, time.time(), []
        lapsed = [row.id for row in job.select(job.id).where((job.status == "running") & (job.lease_until < now))]
        for job_id in lapsed:
            with self.transaction():
                still = (job.id == job_id) & (job.status == "running") & (job.lease_until < now)
                if job.update(status="queued", worker=None, lease_until=None).where(still).execute():
                    enqueue(job_id)
                    requeued.append(job_id)
        return requeued

    def record_item(self, job_id: str, worker: str, item: int, result: dict[str, Any]) -> bool:
        """Store item `item`'s result once and count it done; False if `worker` no longer holds the job."""
        job = self._job
        with self.transaction():
            held = (job.id == job_id) & (job.worker == worker) & (job.status == "running")
            if not job.select(job.id).where(held).exists():
                return False
            added = self._result.insert(job=job_id, item=item, result=_dump(result)).on_conflict_ignore().execute()
            if added:
                job.update(done=job.done + 1).where(job.id == job_id).execute()
        return True

    def record_progress(self, job_id: str, worker: str, done: int, progress: dict[str, Any]) -> bool:
        """Set how far the job got (ingest: documents done, chunks, failures); False if `worker` lost it."""
        job = self._job
        held = (job.id == job_id) & (job.worker == worker) & (job.status == "running")
        return bool(job.update(done=done, progress=_dump(progress)).where(held).execute())

    def finish(self, job_id: str, worker: str, status: JobStatus, error: str | None = None) -> bool:
        """Mark the job finished and log its last event (`job`: status and error) in one transaction, so a reader
        that sees it finished also sees that event; False if `worker` lost it."""
        job = self._job
        held = (job.id == job_id) & (job.worker == worker) & (job.status == "running")
        finished = job.update(status=status, error=error, finished_at=time.time(), worker=None, lease_until=None)
        with self.transaction():
            if not finished.where(held).execute():
                return False
            self.add_events(job_id, [("job", {"status": status, "error": error})])
        return True

    def cancel(self, job_id: str) -> bool:
        """Mark an unfinished job cancelled (its worker notices at its next renewal) and log its last event, in one
        transaction as `finish` does; False if it had finished."""
        job = self._job
        unfinished = (job.id == job_id) & job.status.in_(UNFINISHED)
        cancelled = job.update(status="cancelled", finished_at=time.time(), lease_until=None)
        with self.transaction():
            if not cancelled.where(unfinished).execute():
                return False
            self.add_events(job_id, [("job", {"status": "cancelled", "error": None})])
        return True

    def queue_reading(self) -> JobQueueReading:
        """Unfinished jobs by status, across every gateway sharing the database, and the oldest queued one's wait."""
        job = self._job
        with self.database.connection_context():
            unfinished = job.select(job.status, peewee.fn.COUNT(job.id)).where(job.status.in_(UNFINISHED))
            rows: Any = unfinished.group_by(job.status).tuples()  # (status, count) pairs; peewee's stubs say Job
            counts = {str(status): int(count) for status, count in rows}
            oldest = job.select(peewee.fn.MIN(job.created_at)).where(job.status == "queued").scalar()
        depth: dict[str, int] = {status: int(counts.get(status, 0)) for status in UNFINISHED}
        return JobQueueReading(depth, 0.0 if oldest is None else max(0.0, time.time() - float(oldest)))

    def results(self, job_id: str) -> dict[int, dict[str, Any]]:
        rows = self._result.select().where(self._result.job == job_id).order_by(self._result.item)
        return {row.item: json.loads(row.result) for row in rows}

    def add_events(self, job_id: str, events: list[tuple[str, dict[str, Any]]]) -> None:
        if events:
            rows = [{"job": job_id, "event": event, "data": _dump(data)} for event, data in events]
            self._event.insert_many(rows).execute()

    def events_after(self, job_id: str, after: int, limit: int = 500) -> list[JobEvent]:
        event = self._event
        rows = event.select().where((event.job == job_id) & (event.id > after)).order_by(event.id).limit(limit)
        return [JobEvent(row.id, row.event, json.loads(row.data)) for row in rows]

    def close(self) -> None:
        self.database.close()


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _record(row: Any) -> JobRecord:
    return JobRecord(
        id=row.id,
        kind=cast(JobKind, row.kind),
        owner=row.owner,
        principal=json.loads(row.principal),
        payload=json.loads(row.payload),
        status=cast(JobStatus, row.status),
        total=row.total,
        done=row.done,
        progress=json.loads(row.progress or "{}"),
        error=row.error,
        attempts=row.attempts,
        worker=row.worker,
        created_at=row.created_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
    )
