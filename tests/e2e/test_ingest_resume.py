"""An ingest killed half-way and run again converges to the same points: nothing duplicated, nothing missing."""

import asyncio
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from evals.harness.processes import system_environment
from tools.ingest import DEFAULT_BATCH_TEXTS
from tools.settings import StoreSettings
from tools.vectorstore.edge import EdgeVectorStore

pytestmark = pytest.mark.e2e
DOCUMENTS = 700  # several stored batches of DEFAULT_BATCH_TEXTS chunks (one chunk per note)


def notes() -> list[str]:
    return [
        f'{{"_id": "n{i}", "title": "Note {i}", "text": "Note {i} records that shipment {i} left the depot."}}\n'
        for i in range(DOCUMENTS)
    ]


def ingest(data_dir: Path, source: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "gateway.cli", "ingest", str(source)],
        env=system_environment(data_dir),
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )


def points(data_dir: Path) -> list[str]:
    async def read() -> list[str]:
        store = EdgeVectorStore.open(StoreSettings(data_dir=data_dir).edge_path, dimension=384)
        try:
            return sorted(point.id for point in await store.scroll())
        finally:
            await store.close()

    return asyncio.run(read())


@pytest.mark.slow  # in `make test-all`: keeps `make test` inside its 15 minutes
def test_a_killed_ingest_rerun_converges_to_the_complete_collection(tmp_path: Path) -> None:
    killed_dir, clean_dir = tmp_path / "killed", tmp_path / "clean"
    (tmp_path / "corpus").mkdir()
    source = tmp_path / "corpus" / "notes.jsonl"
    # The killed run reads the whole corpus from a file and is killed as soon as it reports its first stored batch,
    # so the kill lands after a batch and (at about a batch a second) long before the last. A named pipe cannot
    # serve here: a corpus from a pipe is spooled and checked whole before anything is stored (nothing
    # half-ingested on a bad line), so a killed pipe ingest stores nothing.
    source.write_text("".join(notes()), encoding="utf-8")
    process = ingest(killed_dir, source)
    assert process.stderr is not None
    stderr, stored = process.stderr, threading.Event()

    def watch() -> None:
        for line in stderr:
            if line.startswith("progress:"):
                stored.set()

    threading.Thread(target=watch, daemon=True).start()
    try:
        assert stored.wait(240), "the ingest did not report its first stored batch within 240 s"
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait(30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(30)
    assert DEFAULT_BATCH_TEXTS <= len(points(killed_dir)) < DOCUMENTS  # killed between batches, part-way

    for data_dir in (killed_dir, clean_dir):
        rerun = ingest(data_dir, source)
        _, errors = rerun.communicate(timeout=600)
        assert rerun.returncode == 0, errors
    assert points(killed_dir) == points(clean_dir)
    assert len(points(clean_dir)) == DOCUMENTS
