"""Ingesting documents: chunk, embed in batches, upsert; idempotent because ids derive from content."""

import hashlib
import time
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from tools.chunking import Chunk, ChunkingPolicy, chunk_document
from tools.documents import SourceDocument
from tools.embeddings import Embedder
from tools.vectorstore import PointInput, VectorStore

_ID_NAMESPACE = uuid.UUID("6c0b5b3e-52a1-4a55-9d7e-5f0e3c1d2a10")


@dataclass(slots=True)
class IngestReport:
    """What an ingest did: documents and chunks written, stale chunks removed, time taken."""

    documents: int = 0
    chunks: int = 0
    removed: int = 0
    seconds: float = 0.0
    doc_ids: list[str] = field(default_factory=list)


def chunk_id(doc_id: str, chunk: Chunk, occurrence: int) -> str:
    """A stable point id from the document id, the chunk's content hash and its repeat number."""
    digest = hashlib.sha256(chunk.text.encode("utf-8")).hexdigest()
    return str(uuid.uuid5(_ID_NAMESPACE, f"{doc_id}\x00{digest}\x00{occurrence}"))


def embedding_text(document: SourceDocument, chunk: Chunk) -> str:
    """What gets embedded and BM25-indexed: the chunk with its title and heading path as context."""
    context = " > ".join(part for part in (document.title, chunk.section) if part)
    return f"{context}\n{chunk.text}" if context else chunk.text


class Ingestor:
    """Writes documents into a vector store; re-ingesting a document replaces its chunks exactly."""

    def __init__(self, embedder: Embedder, store: VectorStore, policy: ChunkingPolicy = ChunkingPolicy()) -> None:
        self._embedder, self._store, self._policy = embedder, store, policy

    async def ingest(self, documents: Iterable[SourceDocument]) -> IngestReport:
        """Chunk, embed and upsert every document, then drop chunks the new versions no longer have."""
        started = time.perf_counter()
        report = IngestReport()
        for document in documents:
            policy = ChunkingPolicy(max_chars=self._policy.max_chars, markdown=document.markdown)
            chunks = chunk_document(document.text, policy)
            texts = [embedding_text(document, chunk) for chunk in chunks]
            vectors = await self._embedder.embed(texts) if texts else []
            seen: Counter[str] = Counter()
            points = []
            for chunk, text, vector in zip(chunks, texts, vectors, strict=True):
                seen[chunk.text] += 1
                points.append(
                    PointInput(
                        id=chunk_id(document.doc_id, chunk, seen[chunk.text]),
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
                        },
                    )
                )
            await self._store.upsert(points)
            # Chunks from an older version of this document that the new version no longer has.
            current = {point.id for point in points}
            stale = [p.id for p in await self._store.scroll({"source": document.doc_id}) if p.id not in current]
            await self._store.delete(stale)
            report.documents += 1
            report.chunks += len(points)
            report.removed += len(stale)
            report.doc_ids.append(document.doc_id)
        report.seconds = time.perf_counter() - started
        return report
