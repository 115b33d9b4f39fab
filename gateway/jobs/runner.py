"""The job service of one gateway: accepts jobs, shows them to their owners, and hosts workers that run them.

Any gateway sharing the job database may run any job. A worker claims a job with a lease it renews while
working; a job whose lease lapses (its gateway was killed) goes back on the queue and is resumed, by any
gateway, after its last recorded item or batch. Shutting down hands running jobs back at once.
"""

import asyncio
import concurrent.futures
import functools
import logging
import os
import socket
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, suppress
from typing import Any, TypeVar

from agents.contracts import Principal
from gateway.governance.key_ref import KeyRef
from gateway.jobs.queue import JobQueue
from gateway.jobs.records import QUESTION_KINDS
from gateway.jobs.settings import JobSettings
from gateway.jobs.store import JobEvent, JobKind, JobRecord, JobStore, open_database
from gateway.jobs.work import JobIo, LostClaim, principal_from, principal_record, run_ingest, run_questions
from gateway.problems import problem_for
from gateway.usage.store import RequestRecord
from graph.system import AgentSystem
from observability import JobQueueReading
from tools.errors import NotFound

logger = logging.getLogger(__name__)
T = TypeVar("T")
KeyCheck = Callable[[KeyRef], Awaitable[Principal]]
"""The principal a key stands for now; raises Unauthenticated for a key no longer live (Authenticator.still_live)."""
EVENT_POLL_S = 0.2  # how often an /events reader looks for new events of a job another process may be running


class JobRunner:
    """Submit, read, cancel and follow jobs; run them on this process's workers (RELAYBOARD_JOBS_WORKERS)."""

    def __init__(
        self,
        store: JobStore,
        system: AgentSystem,
        settings: JobSettings,
        record_request: Callable[[RequestRecord], Awaitable[None]] | None = None,
        key_check: KeyCheck | None = None,
    ) -> None:
        self._store, self._system, self._settings = store, system, settings
        self._record_request, self._key_check = record_request, key_check
        self._queue = JobQueue(store.database, self._execute)
        self._worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._running: dict[str, asyncio.Task[None]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._sweeper: asyncio.Task[None] | None = None

    def queue_reading(self) -> JobQueueReading:
        """The job queue as the metrics read it (on their collecting thread: a quick query, no event loop)."""
        return self._store.queue_reading()

    @property
    def max_batch(self) -> int:
        return self._settings.jobs_max_batch

    async def _db(self, call: Callable[..., T], *args: Any) -> T:
        return await asyncio.to_thread(call, *args)

    async def submit(
        self, kind: JobKind, payload: dict[str, Any], total: int, principal: Principal, key: KeyRef | None = None
    ) -> JobRecord:
        """Store a new job for `principal` (who presented `key`, if any) and queue it; returns it, queued."""
        kept = principal_record(principal, key)
        record = JobRecord.queued(str(uuid.uuid4()), kind, principal.name, kept, payload, total)
        await self._db(self._store.create, record, lambda: self._queue.enqueue(record.id))
        return record

    async def get(self, job_id: str, principal: Principal) -> tuple[JobRecord, dict[int, dict[str, Any]]]:
        """The job and its item results, if `principal` owns it.

        Raises:
            NotFound: no such job, or it belongs to another key (the same answer: ids are not revealed).
        """
        record = await self._owned(job_id, principal)
        results = await self._db(self._store.results, job_id) if record.kind in QUESTION_KINDS else {}
        return record, results

    async def cancel(self, job_id: str, principal: Principal) -> JobRecord:
        """Cancel the job if unfinished (a finished job is returned as it is).

        Raises:
            NotFound: no such job for `principal`.
        """
        await self._owned(job_id, principal)
        if await self._db(self._store.cancel, job_id):
            running = self._running.get(job_id)
            if running is not None:
                running.cancel()
        return await self._owned(job_id, principal)

    async def events(self, job_id: str, principal: Principal, after: int = 0) -> AsyncIterator[JobEvent]:
        """The job's events after id `after`, as they are logged, until it has finished and all are read.

        Raises:
            NotFound: no such job for `principal` (before the first event).
        """
        await self._owned(job_id, principal)
        while True:
            record = await self._owned(job_id, principal)
            batch = await self._db(self._store.events_after, job_id, after)
            for event in batch:
                after = event.id
                yield event
            if not batch and record.finished:
                return
            if not batch:
                await asyncio.sleep(EVENT_POLL_S)

    async def _owned(self, job_id: str, principal: Principal) -> JobRecord:
        record = await self._db(self._store.get, job_id)
        if record is None or record.owner != principal.name:
            raise NotFound(f"no job {job_id!r}: check the id returned when it was submitted (jobs are per key)")
        return record

    # -- workers -------------------------------------------------------------------------------------------

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        if self._settings.jobs_workers > 0:
            await self._db(self._store.requeue_lapsed, self._queue.enqueue)
            self._queue.start(self._settings.jobs_workers)
            self._sweeper = asyncio.create_task(self._sweep())

    async def close(self) -> None:
        """Stop taking jobs; hand the ones running here back to the queue (another worker resumes them)."""
        if self._sweeper is not None:
            self._sweeper.cancel()
            with suppress(asyncio.CancelledError):
                await self._sweeper
        held = list(self._running)
        for task in list(self._running.values()):
            task.cancel()
        await asyncio.gather(*self._running.values(), return_exceptions=True)
        for job_id in held:
            await self._db(self._store.hand_back, job_id, self._worker, functools.partial(self._queue.enqueue, job_id))
        await asyncio.to_thread(self._queue.stop)
        await self._db(self._store.close)

    async def _sweep(self) -> None:
        """Requeue jobs whose worker stopped renewing its lease (its gateway died), wherever they ran."""
        while True:
            await asyncio.sleep(self._settings.jobs_lease_s / 2)
            try:
                requeued = await self._db(self._store.requeue_lapsed, self._queue.enqueue)
            except Exception as exc:  # the database may be briefly unreachable; the next sweep tries again
                logger.warning("job sweep failed: %s", exc)
                continue
            if requeued:
                logger.info("requeued %d job(s) whose worker stopped: %s", len(requeued), ", ".join(requeued))

    def _execute(self, job_id: str) -> None:
        """huey's task, on a worker thread: claim the job here, then run it on the gateway's event loop."""
        loop = self._loop
        record = self._store.claim(job_id, self._worker, self._settings.jobs_lease_s)
        if record is None or loop is None or loop.is_closed():
            return  # a duplicate entry, a cancelled job, or one another worker holds (or the lease will lapse)
        future = asyncio.run_coroutine_threadsafe(self._run(record), loop)
        with suppress(concurrent.futures.CancelledError):
            future.result()

    async def _run(self, record: JobRecord) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._running[record.id] = task
        renewing = asyncio.create_task(self._renew(record.id, task))
        try:
            await self._work(record)
        except LostClaim:
            logger.info("job %s: no longer held by this worker (cancelled or taken over)", record.id)
        finally:
            renewing.cancel()
            self._running.pop(record.id, None)

    async def _renew(self, job_id: str, work: asyncio.Task[None]) -> None:
        while True:
            await asyncio.sleep(self._settings.jobs_lease_s / 3)
            if not await self._db(self._store.renew, job_id, self._worker, self._settings.jobs_lease_s):
                work.cancel()  # cancelled by its owner, or taken over: stop spending on it
                return

    async def _work(self, record: JobRecord) -> None:
        store, worker, job_id = self._store, self._worker, record.id
        io = JobIo(
            record_item=lambda item, result: self._db(store.record_item, job_id, worker, item, result),
            record_progress=lambda done, progress: self._db(store.record_progress, job_id, worker, done, progress),
            add_events=lambda events: self._db(store.add_events, job_id, events),
            recorded_items=lambda: self._recorded(job_id),
            principal_now=lambda: self._principal_now(record.principal),
            record_request=self._record,
        )
        try:
            principal = await self._principal_now(record.principal)
            if record.kind in QUESTION_KINDS:
                await run_questions(self._system, record.payload, principal, io)
                results = await self._db(store.results, job_id)
                all_failed = bool(results) and all("error" in result for result in results.values())
                status, error = ("failed", "every question failed") if all_failed else ("succeeded", None)
            else:
                await run_ingest(self._system, record.payload, principal, io, record.done, record.progress)
                status, error = "succeeded", None
        except (LostClaim, asyncio.CancelledError):
            raise
        except Exception as exc:  # the job records the failure; its owner sees it when polling
            code, _, detail = problem_for(exc)
            logger.warning("job %s failed: %s", job_id, exc, exc_info=code == 500)
            status, error = "failed", detail
        await self._db(store.finish, job_id, worker, status, error)  # with its last event, in one transaction

    async def _principal_now(self, kept: dict[str, Any]) -> Principal:
        """Whom an attempt (the first or a resumption), and each later step of it, runs for: the holder of the key
        that submitted the job, with its grants now, while that key is live; a job submitted without a key runs as
        it was submitted. One indexed lookup per step (a question, a batch of documents), which takes seconds.

        Raises:
            Unauthenticated: the key was revoked or expired (or left RELAYBOARD_API_KEYS) since the job was
                submitted.
        """
        key = KeyRef.from_record(kept.get("key"))
        if key is None or self._key_check is None:
            return principal_from(kept)
        return await self._key_check(key)

    async def _record(self, record: RequestRecord) -> None:
        if self._record_request is None:
            return
        try:
            await self._record_request(record)
        except Exception:  # the answer is kept with the job; a failed record must not fail the question
            logger.exception("could not write the request record of job answer trace %s", record.trace_id)

    async def _recorded(self, job_id: str) -> set[int]:
        return set(await self._db(self._store.results, job_id))


@asynccontextmanager
async def open_job_runner(
    settings: JobSettings,
    system: AgentSystem,
    *,
    record_request: Callable[[RequestRecord], Awaitable[None]] | None = None,
    key_check: KeyCheck | None = None,
) -> AsyncIterator[JobRunner]:
    """The job service over the configured database, its workers running until the block ends; each answered
    question's request record goes to `record_request`; each attempt first asks `key_check` whether the key that
    submitted the job is still live."""
    store = await asyncio.to_thread(JobStore, open_database(settings))
    runner = JobRunner(store, system, settings, record_request, key_check)
    await runner.start()
    try:
        yield runner
    finally:
        await runner.close()
