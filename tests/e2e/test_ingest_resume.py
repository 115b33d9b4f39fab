"""An ingest killed half-way and run again converges to the same points: nothing duplicated, nothing missing."""

import asyncio
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pytest

from evals.harness.processes import system_environment, wait_until
from tools.ingest import DEFAULT_BATCH_TEXTS
from tools.settings import StoreSettings
from tools.vectorstore.edge import EdgeVectorStore

pytestmark = pytest.mark.e2e
DOCUMENTS = 700  # several stored batches of DEFAULT_BATCH_TEXTS chunks (one chunk per note)
FIRST_PART = DEFAULT_BATCH_TEXTS + 20  # what the killed run is given: one whole batch and part of the next


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


@contextmanager
def pipe_writer(fifo: Path, reader: subprocess.Popen[str]) -> Iterator[IO[str]]:
    """The writing end of `fifo`, once `reader` has opened it (a bounded wait, failing if the reader exits)."""
    opened: list[int] = []

    def reader_is_there() -> bool:
        try:
            opened.append(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:  # ENXIO: nobody reads the pipe yet
            return False
        return True

    wait_until(reader_is_there, timeout=240, what="the ingest opening its source", process=reader)
    os.set_blocking(opened[0], True)
    with os.fdopen(opened[0], "w", encoding="utf-8") as handle:
        yield handle


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
    # The killed run reads its corpus from a pipe fed only a batch and a bit: it reports the stored batch, then
    # waits for more lines, so the kill lands between batches whatever the machine's speed.
    os.mkfifo(source)
    process = ingest(killed_dir, source)
    assert process.stderr is not None
    stderr, stored = process.stderr, threading.Event()

    def watch() -> None:
        for line in stderr:
            if line.startswith("progress:"):
                stored.set()

    threading.Thread(target=watch, daemon=True).start()
    try:
        with pipe_writer(source, process) as corpus:
            corpus.writelines(notes()[:FIRST_PART])
            corpus.flush()
            assert stored.wait(240), "the ingest did not report its first stored batch within 240 s"
            os.kill(process.pid, signal.SIGKILL)
            assert process.wait(30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(30)
    assert len(points(killed_dir)) == DEFAULT_BATCH_TEXTS

    source.unlink()
    source.write_text("".join(notes()), encoding="utf-8")
    for data_dir in (killed_dir, clean_dir):
        rerun = ingest(data_dir, source)
        _, errors = rerun.communicate(timeout=600)
        assert rerun.returncode == 0, errors
    assert points(killed_dir) == points(clean_dir)
    assert len(points(clean_dir)) == DOCUMENTS
