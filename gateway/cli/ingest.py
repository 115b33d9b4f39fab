"""`relayboard ingest`: documents into a collection of the embedded (or server) vector store, with progress."""

import argparse
import asyncio
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from tools.chunking import ChunkingPolicy
from tools.collections import CollectionRegistry
from tools.documents import SourceDocument, UnreadableFile, iter_sources
from tools.embeddings import load_embedder
from tools.errors import InvalidInput
from tools.ingest import Ingestor, IngestReport
from tools.settings import StoreSettings
from tools.vectorstore import open_vector_store


async def ingest_paths(
    sources: Iterable[SourceDocument | UnreadableFile],
    store_settings: StoreSettings,
    chunking: ChunkingPolicy | None = None,
    progress: Callable[[IngestReport], None] | None = None,
) -> IngestReport:
    """Ingest `sources` (from `iter_sources`) into the configured collection, chunked as the collection records
    (a new collection records `chunking`, or the default).

    Raises:
        InvalidInput: `chunking` differs from what the existing collection records.
    """
    spec = CollectionRegistry(store_settings.data_dir).ensure(store_settings.collection, chunking)
    embedder = await load_embedder()
    store = await open_vector_store(store_settings, dimension=embedder.dimension)
    try:
        return await Ingestor(embedder, store, spec.chunking).ingest(sources, progress=progress)
    finally:
        await store.close()


async def run_ingest(paths: list[Path], collection: str | None, chunking: ChunkingPolicy | None = None) -> int:
    """Ingest with a progress bar (documents/s, chunks/s) on stderr; unreadable files are listed, exit 1.

    Raises:
        InvalidInput: a path does not exist or is of an unsupported type.
        InvalidData: a BEIR `.jsonl` corpus has a bad line; nothing was written.
    """
    settings = StoreSettings(collection=collection) if collection else StoreSettings()
    sources = iter_sources(paths)  # every path found and every corpus checked before anything is written
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

        report = await ingest_paths(sources, settings, chunking, show)
    for failure in report.failures:
        print(f"skipped {failure.path}: {failure.reason}", file=sys.stderr)
    print(
        f"ingested {report.documents} documents, {report.chunks} chunks ({report.removed} stale removed) "
        f"into {settings.collection!r} in {report.seconds:.1f}s"
    )
    return 1 if report.failures else 0


def run(args: argparse.Namespace) -> int:
    """`relayboard ingest PATHS`: chunking flags describe a new collection's policy (defaults fill the rest).

    Raises:
        InvalidInput: the flags make no valid chunking policy, or differ from what the collection records.
    """
    chunking = None
    if args.strategy or args.max_chars or args.chunk_tokens or args.overlap_tokens is not None:
        defaults = ChunkingPolicy()
        try:
            chunking = ChunkingPolicy(
                strategy=args.strategy or defaults.strategy,
                max_chars=args.max_chars or defaults.max_chars,
                chunk_tokens=args.chunk_tokens or defaults.chunk_tokens,
                overlap_tokens=defaults.overlap_tokens if args.overlap_tokens is None else args.overlap_tokens,
            )
        except ValueError as exc:
            raise InvalidInput(str(exc)) from exc
    return asyncio.run(run_ingest([Path(p) for p in args.paths], args.collection, chunking))
