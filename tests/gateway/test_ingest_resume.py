"""An ingest killed half-way and run again converges to the same points: nothing duplicated, nothing missing."""

import asyncio
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from evals.harness.processes import system_environment, wait_until
from tools.settings import StoreSettings
from tools.vectorstore.edge import EdgeVectorStore

pytestmark = pytest.mark.e2e
DOCUMENTS = 700  # several stored batches, so the kill lands between them


def corpus(folder: Path) -> Path:
    folder.mkdir()
    lines = [
        f'{{"_id": "n{i}", "title": "Note {i}", "text": "Note {i} records that shipment {i} left the depot."}}'
        for i in range(DOCUMENTS)
    ]
    (folder / "notes.jsonl").write_text("\n".join(lines))
    return folder


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


def test_a_killed_ingest_rerun_converges_to_the_complete_collection(tmp_path: Path) -> None:
    source = corpus(tmp_path / "corpus")
    killed_dir, clean_dir = tmp_path / "killed", tmp_path / "clean"

    process = ingest(killed_dir, source)
    assert process.stderr is not None
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(process.stderr), daemon=True).start()  # type: ignore[arg-type]
    wait_until(
        lambda: any(line.startswith("progress:") for line in lines),
        timeout=240,
        what="the first stored batch",
        process=process,
    )
    os.kill(process.pid, signal.SIGKILL)
    process.wait(30)
    partial = points(killed_dir)
    assert 0 < len(partial) < DOCUMENTS

    for data_dir in (killed_dir, clean_dir):
        rerun = ingest(data_dir, source)
        assert rerun.wait(600) == 0, rerun.stderr.read() if rerun.stderr else ""
    assert points(killed_dir) == points(clean_dir)
    assert len(points(clean_dir)) == DOCUMENTS
