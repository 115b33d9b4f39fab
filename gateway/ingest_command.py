"""`relayboard ingest` and `relayboard demo-data`: preparing the embedded data."""

import asyncio
import sys
from pathlib import Path

from tools.documents import iter_documents
from tools.embeddings import load_embedder
from tools.ingest import Ingestor, IngestReport
from tools.settings import SqlSettings, StoreSettings
from tools.sql.chinook import build_chinook, download_sdist
from tools.vectorstore import open_vector_store


async def ingest_paths(paths: list[Path], store_settings: StoreSettings) -> IngestReport:
    """Ingest files and folders into the configured collection."""
    embedder = await load_embedder()
    store = await open_vector_store(store_settings, dimension=embedder.dimension)
    try:
        return await Ingestor(embedder, store).ingest(iter_documents(paths))
    finally:
        await store.close()


async def run_ingest(paths: list[Path], collection: str | None) -> int:
    settings = StoreSettings(collection=collection) if collection else StoreSettings()
    report = await ingest_paths(paths, settings)
    print(
        f"ingested {report.documents} documents, {report.chunks} chunks ({report.removed} stale removed) "
        f"into {settings.collection!r} in {report.seconds:.1f}s"
    )
    return 0


def build_demo_data(docs: Path) -> int:
    """Build the Chinook demo database (once) and ingest `docs` (idempotent)."""
    database = Path(SqlSettings().database)
    if not database.exists():
        sdist = download_sdist(StoreSettings().data_dir / "downloads")
        build_chinook(database, sdist)
        print(f"built the Chinook demo database at {database}", file=sys.stderr)
    return asyncio.run(run_ingest([docs], None))
