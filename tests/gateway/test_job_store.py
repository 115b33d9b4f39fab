"""The job store: a job's end and its last event are one fact, so a follower never sees one without the other."""

from pathlib import Path

import peewee
import pytest

from gateway.jobs.store import JobRecord, JobStore


def queued(job_id: str) -> JobRecord:
    return JobRecord.queued(job_id, "ask", "alice", {"name": "alice"}, {}, total=1)


@pytest.fixture
def store(tmp_path: Path) -> JobStore:
    return JobStore(peewee.SqliteDatabase(str(tmp_path / "jobs.sqlite")))


def test_a_finished_job_has_its_last_event_logged_with_it(store: JobStore) -> None:
    store.create(queued("j1"), enqueue=lambda: None)
    assert store.claim("j1", "worker-1", lease_s=30) is not None
    assert store.finish("j1", "worker-1", "failed", "the SQL server is down")
    record = store.get("j1")
    assert record is not None and record.finished
    assert [(e.event, e.data) for e in store.events_after("j1", 0)] == [
        ("job", {"status": "failed", "error": "the SQL server is down"})
    ]


def test_a_worker_that_lost_its_job_neither_finishes_it_nor_logs_an_end(store: JobStore) -> None:
    store.create(queued("j2"), enqueue=lambda: None)
    assert store.claim("j2", "worker-1", lease_s=30) is not None
    assert not store.finish("j2", "worker-2", "succeeded")
    record = store.get("j2")
    assert record is not None and not record.finished and store.events_after("j2", 0) == []


def test_a_cancelled_job_has_its_last_event_logged_with_it_and_only_once(store: JobStore) -> None:
    store.create(queued("j3"), enqueue=lambda: None)
    assert store.cancel("j3") and not store.cancel("j3")
    assert [(e.event, e.data) for e in store.events_after("j3", 0)] == [("job", {"status": "cancelled", "error": None})]
