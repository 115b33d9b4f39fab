"""The job queue: huey over the job database (peewee: SQLite or PostgreSQL), consumed by threads of this process.

huey carries job ids from whoever accepts a job to whichever gateway's worker dequeues it first (on PostgreSQL
with `FOR UPDATE SKIP LOCKED`, so workers of many gateways never take the same entry). What a job did so far
lives in the job tables (gateway/jobs/store.py), not in huey: a dequeued entry is gone, so a worker that dies
is covered by its job's lease, not by the queue.
"""

from collections.abc import Callable
from typing import Any

import peewee
from huey import Huey
from huey.consumer import Consumer
from huey.contrib.sql_huey import SqlStorage

QUEUE_NAME = "relayboard-jobs"
TASK_NAME = "relayboard.run_job"


class _PrefixedSqlStorage(SqlStorage):  # type: ignore[misc]  # huey ships no type hints
    """huey's SQL storage with its tables named `relayboard_queue_*`, beside ours in a shared database."""

    def create_models(self) -> Any:
        models = super().create_models()
        for model in models:
            model._meta.set_table_name(f"relayboard_queue_{model._meta.table_name}")
        task = models[2]
        # An index keeps the table it was declared on: declare huey's (priority, id) index again, renamed.
        task._meta.indexes = [
            peewee.ModelIndex(task, (task.priority.desc(), task.id), name="relayboard_queue_task_priority_id")
        ]
        return models


class _EmbeddedConsumer(Consumer):  # type: ignore[misc]  # huey ships no type hints
    """huey's thread consumer without signal handlers: the gateway's server owns SIGINT/SIGTERM."""

    def _set_signal_handlers(self) -> None:
        return None


class JobQueue:
    """Enqueue job ids; `start(workers)` runs `execute(job_id)` on that many threads until `stop()`."""

    def __init__(self, database: peewee.Database, execute: Callable[[str], None]) -> None:
        self._huey = Huey(QUEUE_NAME, results=False, utc=True, storage_class=_PrefixedSqlStorage, database=database)
        self._task = self._huey.task(name=TASK_NAME)(execute)
        self._consumer: Any = None

    def enqueue(self, job_id: str) -> None:
        """Add `job_id` to the queue (inside the caller's transaction, when it has one on this thread)."""
        self._task(job_id)

    def start(self, workers: int, *, poll_max_s: float = 1.0) -> None:
        if workers > 0:
            self._consumer = _EmbeddedConsumer(
                self._huey,
                workers=workers,
                worker_type="thread",
                periodic=False,
                max_delay=poll_max_s,
                check_worker_health=False,
            )
            self._consumer.start()

    def stop(self) -> None:
        """Stop taking entries and wait for the worker threads (their jobs must have been cancelled first)."""
        if self._consumer is not None:
            self._consumer.stop(graceful=True)
            self._consumer = None
