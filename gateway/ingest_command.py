"""`relayboard ingest` and `relayboard demo-data`: preparing the embedded data."""

import asyncio
import sys
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from tools.chunking import ChunkingPolicy
from tools.collections import CollectionRegistry
from tools.documents import iter_sources
from tools.embeddings import load_embedder
from tools.ingest import Ingestor, IngestReport
from tools.settings import SqlSettings, StoreSettings
from tools.sql.chinook import build_chinook, installed_sdist
from tools.sql.database import is_postgres_url
from tools.vectorstore import open_vector_store


async def ingest_paths(
    paths: list[Path],
    store_settings: StoreSettings,
    chunking: ChunkingPolicy | None = None,
    progress: Callable[[IngestReport], None] | None = None,
) -> IngestReport:
    """Ingest files and folders into the configured collection, chunked as the collection records (a new
    collection records `chunking`, or the default).

    Raises:
        InvalidInput: `chunking` differs from what the existing collection records.
    """
    spec = CollectionRegistry(store_settings.data_dir).ensure(store_settings.collection, chunking)
    embedder = await load_embedder()
    store = await open_vector_store(store_settings, dimension=embedder.dimension)
    try:
        return await Ingestor(embedder, store, spec.chunking).ingest(iter_sources(paths), progress=progress)
    finally:
        await store.close()


async def run_ingest(paths: list[Path], collection: str | None, chunking: ChunkingPolicy | None = None) -> int:
    """Ingest with a progress bar (documents/s, chunks/s) on stderr; unreadable files are listed, exit 1."""
    settings = StoreSettings(collection=collection) if collection else StoreSettings()
    console = Console(stderr=True)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.fields[rates]}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("ingesting", rates="")

        def show(progress: IngestReport) -> None:
            seconds = max(progress.seconds, 1e-9)
            done = f"{progress.documents} documents, {progress.chunks} chunks"
            rates = f"{progress.documents / seconds:.1f} docs/s, {progress.chunks / seconds:.1f} chunks/s"
            bar.update(task, description=done, rates=rates)
            if not console.is_terminal:  # logs and supervisors get a line per stored batch instead of a bar
                print(f"progress: {done} stored ({rates})", file=sys.stderr, flush=True)

        report = await ingest_paths(paths, settings, chunking, show)
    for failure in report.failures:
        print(f"skipped {failure.path}: {failure.reason}", file=sys.stderr)
    print(
        f"ingested {report.documents} documents, {report.chunks} chunks ({report.removed} stale removed) "
        f"into {settings.collection!r} in {report.seconds:.1f}s"
    )
    return 1 if report.failures else 0


def build_demo_data(docs: Path) -> int:
    """Build the Chinook demo database (once) and ingest `docs` (idempotent)."""
    configured = SqlSettings().database
    database = Path(configured)
    if is_postgres_url(configured):
        print("RELAYBOARD_SQL_DATABASE is a PostgreSQL URL: no demo database to build", file=sys.stderr)
    elif not database.exists():
        build_chinook(database, installed_sdist())
        print(f"built the Chinook demo database at {database}", file=sys.stderr)
    return asyncio.run(run_ingest([docs], None))
