"""Ingesting documents: chunk, embed in large batches, upsert; idempotent because ids derive from content."""

import asyncio
import hashlib
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from tools.chunking import Chunk, ChunkingPolicy, chunk_document
from tools.documents import SourceDocument, UnreadableFile
from tools.embeddings import Embedder, Vectors
from tools.sentences import evidence_sentences
from tools.vectorstore import PointInput, VectorStore

_ID_NAMESPACE = uuid.UUID("6c0b5b3e-52a1-4a55-9d7e-5f0e3c1d2a10")
DEFAULT_BATCH_TEXTS = 256  # chunks embedded (with their sentences) per encode call: large batches keep it busy
MAX_SENTENCES = 32  # sentence vectors stored per chunk
EMBED_BATCH = 512  # texts per encode while reporting progress: a report every few seconds on 2 cores
EmbedProgress = Callable[[float, float | None, str], Awaitable[None]]
"""(texts embedded so far, total or None, message), as MCP's `report_progress` takes them."""
OPTIMIZE_AFTER = 5_000  # chunks written by one ingest before indexes are rebuilt at its end


@dataclass(slots=True)
class IngestReport:
    """What an ingest did: documents and chunks written, stale chunks removed, time taken."""

    documents: int = 0
    chunks: int = 0
    removed: int = 0
    seconds: float = 0.0
    doc_ids: list[str] = field(default_factory=list)
    failures: list[UnreadableFile] = field(default_factory=list)


@dataclass(slots=True)
class _Pending:
    document: SourceDocument
    points: list[tuple[str, Chunk, str]]  # (id, chunk, text to embed)


def chunk_id(doc_id: str, chunk: Chunk, occurrence: int) -> str:
    """A stable point id from the document id, the chunk's content hash and its repeat number."""
    digest = hashlib.sha256(chunk.text.encode("utf-8")).hexdigest()
    return str(uuid.uuid5(_ID_NAMESPACE, f"{doc_id}\x00{digest}\x00{occurrence}"))


def embedding_text(document: SourceDocument, chunk: Chunk) -> str:
    """What gets embedded and BM25-indexed: the chunk with its title and heading path as context."""
    context = " > ".join(part for part in (document.title, chunk.section) if part)
    return f"{context}\n{chunk.text}" if context else chunk.text


def prepare(
    document: SourceDocument, policy: ChunkingPolicy, embedder: Embedder | None = None
) -> list[tuple[str, Chunk, str]]:
    """The chunks of `document` with their ids and the text to embed (`embedder`: for semantic chunking)."""
    chunks = chunk_document(document.text, policy, markdown=document.markdown, embedder=embedder)
    seen: Counter[str] = Counter()
    prepared = []
    for chunk in chunks:
        seen[chunk.text] += 1
        prepared.append((chunk_id(document.doc_id, chunk, seen[chunk.text]), chunk, embedding_text(document, chunk)))
    return prepared


class Ingestor:
    """Writes documents into a vector store; re-ingesting a document replaces its chunks exactly."""

    def __init__(
        self,
        embedder: Embedder,
        store: VectorStore,
        policy: ChunkingPolicy | None = None,
        *,
        batch_texts: int = DEFAULT_BATCH_TEXTS,
        reporting: EmbedProgress | None = None,
    ) -> None:
        """`reporting` is awaited after each batch of at most EMBED_BATCH texts is embedded, with the count so far:
        an MCP caller's idle deadline sees the work advance even within one long document."""
        self._embedder, self._store, self._batch_texts = embedder, store, batch_texts
        self._policy = policy or ChunkingPolicy()
        self._reporting, self._embedded = reporting, 0

    async def ingest(
        self,
        documents: Iterable[SourceDocument | UnreadableFile],
        *,
        progress: Callable[[IngestReport], None] | None = None,
    ) -> IngestReport:
        """Chunk, embed and upsert every document, then drop chunks the new versions no longer have.

        Unreadable files are recorded in the report and the rest go on. A document id that comes again replaces
        the earlier version (last wins). `progress` is called with the running totals after each batch is stored.
        """
        started = time.perf_counter()
        report = IngestReport()
        pending: list[_Pending] = []
        for document in documents:
            if isinstance(document, UnreadableFile):
                report.failures.append(document)
                continue
            if self._policy.strategy == "semantic":  # embeds sentences: keep the event loop free
                prepared = await asyncio.to_thread(prepare, document, self._policy, self._embedder)
            else:
                prepared = prepare(document, self._policy)
            # A later version of a document still pending replaces it: both in one flush would each delete the
            # other's chunks as stale. (Across flushes the later one replaces the earlier as any re-ingest does.)
            pending = [item for item in pending if item.document.doc_id != document.doc_id]
            pending.append(_Pending(document, prepared))
            if sum(len(p.points) for p in pending) >= self._batch_texts:
                await self._flush(pending, report)
                pending = []
                if progress is not None:
                    report.seconds = time.perf_counter() - started
                    progress(report)
        if pending:
            await self._flush(pending, report)
        if report.chunks >= OPTIMIZE_AFTER:
            await self._store.optimize()  # build the HNSW index now, not on the first slow queries
        report.seconds = time.perf_counter() - started
        return report

    async def _embed(self, texts: list[str]) -> Vectors:
        if self._reporting is None:
            return await self._embedder.embed(texts)
        batches = []
        for first in range(0, len(texts), EMBED_BATCH):
            batches.append(await self._embedder.embed(texts[first : first + EMBED_BATCH]))
            self._embedded += min(EMBED_BATCH, len(texts) - first)
            await self._reporting(float(self._embedded), None, f"embedded {self._embedded} texts")
        return np.concatenate(batches)

    async def _flush(self, pending: list[_Pending], report: IngestReport) -> None:
        rows = [(item.document, point_id, chunk, text) for item in pending for point_id, chunk, text in item.points]
        if not rows:
            return
        sentences = [evidence_sentences(chunk.text, limit=MAX_SENTENCES) for _, _, chunk, _ in rows]
        # One encode call for chunks and their sentences: large batches keep the model busy.
        texts = [text for *_, text in rows] + [chunk.text[s.start : s.end] for (_, _, chunk, _), spans in
                                               zip(rows, sentences, strict=True) for s in spans]  # fmt: skip
        vectors = await self._embed(texts)
        sentence_vectors = iter(vectors[len(rows) :])
        points = []
        for (document, point_id, chunk, text), vector, spans in zip(rows, vectors, sentences, strict=False):
            points.append(
                PointInput(
                    id=point_id,
                    dense=vector.tolist(),
                    text=text,
                    payload={
                        "source": document.doc_id,
                        "title": document.title,
                        "section": chunk.section,
                        "text": chunk.text,
                        "start": chunk.start,
                        "end": chunk.end,
                        "chunk_index": chunk.index,
                        "doc_length": len(document.text),
                        "sentences": [[span.start, span.end] for span in spans],
                        **({"page": page} if (page := document.page_at(chunk.start)) is not None else {}),
                    },
                    sentences=[next(sentence_vectors).tolist() for _ in spans],
                )
            )
        await self._store.upsert(points)
        for item in pending:
            # Chunks from an older version of this document that the new version no longer has.
            current = {point_id for point_id, _, _ in item.points}
            stored = await self._store.scroll({"source": item.document.doc_id})
            stale = [p.id for p in stored if p.id not in current]
            await self._store.delete(stale)
            report.documents += 1
            report.chunks += len(item.points)
            report.removed += len(stale)
            report.doc_ids.append(item.document.doc_id)
