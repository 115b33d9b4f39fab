"""Searching ingested documents: hybrid retrieval, best-supporting sentences, and whole documents."""

from dataclasses import replace
from typing import Any, Literal

import numpy as np

from observability import RetrievedDocument, SpanKind, record_documents, start_span
from tools.embeddings import Embedder, Vectors
from tools.errors import InvalidInput, NotFound
from tools.ingest import MAX_SENTENCES
from tools.inputs import MAX_QUERY_CHARS, MAX_SEARCH_LIMIT
from tools.rerank import Reranker, rerank_order
from tools.results.retrieval import RANK_DEPTH, Document, DocumentEntry, Highlight, SearchHit
from tools.sentences import Span, evidence_sentences
from tools.vectorstore import Fusion, PayloadFilter, ScoredPoint, SearchRequest, StoredPoint, VectorStore

MAX_LISTED_DOCUMENTS = 10_000  # a listing reads one point per document, this many at most
RetrievalMode = Literal["dense", "bm25", "hybrid"]


def _checked(query: str, limit: int) -> str:
    query = query.strip()
    if not query:
        raise InvalidInput("the query is empty: say what to search for")
    if len(query) > MAX_QUERY_CHARS:
        raise InvalidInput(f"the query has {len(query)} characters; the limit is {MAX_QUERY_CHARS}")
    if not 1 <= limit <= MAX_SEARCH_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_SEARCH_LIMIT}, got {limit}")
    return query


def _no_document(doc_id: str) -> NotFound:
    return NotFound(f"no document with id {doc_id!r}: use search_documents to find document ids")


def _reassemble(ordered: list[StoredPoint]) -> str:
    """The document from its chunks in offset order: overlaps are taken once, gaps (white space that fell
    between token windows) become spaces so offsets stay true."""
    parts: list[str] = []
    cursor = 0
    for point in ordered:
        start, text = int(point.payload["start"]), str(point.payload["text"])
        if start > cursor:
            parts.append(" " * (start - cursor))
        parts.append(text[max(0, cursor - start) :])
        cursor = max(cursor, start + len(text))
    return "".join(parts)


def _highlight(hit: SearchHit, span: Span, score: float) -> Highlight:
    return Highlight(hit.text[span.start : span.end], hit.start + span.start, hit.start + span.end, score)


def with_retriever_ranks(hits: list[SearchHit], dense: list[str], bm25: list[str]) -> list[SearchHit]:
    """`hits` with their ranks in the dense and BM25 orderings (chunk ids, best first)."""
    dense_at = {chunk: rank for rank, chunk in enumerate(dense, start=1)}
    bm25_at = {chunk: rank for rank, chunk in enumerate(bm25, start=1)}
    return [replace(hit, dense_rank=dense_at.get(hit.chunk_id), bm25_rank=bm25_at.get(hit.chunk_id)) for hit in hits]


def _hit(point: ScoredPoint) -> SearchHit:
    payload = point.payload
    return SearchHit(
        doc_id=str(payload["source"]),
        title=str(payload.get("title", "")),
        section=str(payload.get("section", "")),
        chunk_id=point.id,
        text=str(payload["text"]),
        start=int(payload["start"]),
        end=int(payload["end"]),
        score=point.score,
        highlights=[],
        page=int(payload["page"]) if "page" in payload else None,
    )


async def reranked(reranker: Reranker, query: str, hits: list[SearchHit], top_n: int) -> list[SearchHit]:
    """The first `top_n` hits reordered (and rescored) by `reranker`; the rest follow in their first-stage order."""
    head, tail = hits[:top_n], hits[top_n:]
    order = await rerank_order(reranker, query, [f"{hit.title}\n{hit.text}" if hit.title else hit.text for hit in head])
    return [replace(head[index], score=score) for index, score in order] + tail


class DocumentSearch:
    """Hybrid search over one collection, with sentence-level support scored by the same embedder, and an
    optional second-stage reranker over the top `rerank_top_n` candidates."""

    def __init__(
        self,
        embedder: Embedder,
        store: VectorStore,
        *,
        rerank: bool = True,
        reranker: Reranker | None = None,
        rerank_top_n: int = 30,
        hnsw_ef: int | None = None,
    ) -> None:
        self._embedder, self._store, self._rerank = embedder, store, rerank
        self._reranker, self._rerank_top_n = reranker, rerank_top_n
        self._hnsw_ef = hnsw_ef  # dense search breadth; None: Qdrant's default

    async def search(
        self, query: str, *, limit: int = 5, where: PayloadFilter | None = None, highlights: int = 2
    ) -> list[SearchHit]:
        """The `limit` best chunks for `query` (hybrid), each with up to `highlights` supporting sentences and its
        rank for each retriever alone.

        Raises:
            InvalidInput: an empty or oversized query, or a limit out of range.
        """
        query = _checked(query, limit)
        attributes: dict[str, str | int] = {
            "input.value": query,
            "retrieval.limit": limit,
            "db.system.name": "qdrant",
            "relayboard.store": self._store.backend,
        }
        with start_span("retrieve", SpanKind.RETRIEVER, attributes) as span:
            vector = (await self._embedder.embed([query]))[0]
            candidates = max(limit, self._rerank_top_n) if self._reranker else limit
            points = await self._points(query, vector, "hybrid", candidates, where, None, self._rerank)
            hits = [_hit(point) for point in points]
            if self._reranker is not None:
                hits = (await reranked(self._reranker, query, hits, self._rerank_top_n))[:limit]
            dense = await self._points(query, vector, "dense", RANK_DEPTH, where, None, False)
            bm25 = await self._points(query, vector, "bm25", RANK_DEPTH, where, None, False)
            hits = with_retriever_ranks(hits, [p.id for p in dense], [p.id for p in bm25])
            span.set_attribute("retrieval.documents.count", len(hits))
            record_documents(span, [RetrievedDocument(hit.doc_id, hit.score, hit.text) for hit in hits])
            if highlights and hits:
                spans = {point.id: point.payload.get("sentences") for point in points}
                hits = await self._with_highlights(vector, hits, spans, highlights)
        return hits

    async def retrieve(
        self,
        query: str,
        *,
        vector: Vectors | None = None,
        mode: RetrievalMode = "hybrid",
        limit: int,
        where: PayloadFilter | None = None,
        fusion: Fusion | None = None,
        rerank: bool | None = None,
        mmr_diversity: float | None = None,
    ) -> list[SearchHit]:
        """Ranked chunks from one retriever or both fused (and reranked by sentence MaxSim unless `rerank` is
        False), without highlights. `vector` is the query's embedding, if already known."""
        use_rerank = (self._rerank if rerank is None else rerank) and mode == "hybrid" and mmr_diversity is None
        points = await self._points(query, vector, mode, limit, where, fusion, use_rerank, mmr_diversity)
        return [_hit(point) for point in points]

    async def _points(
        self,
        query: str,
        vector: Vectors | None,
        mode: RetrievalMode,
        limit: int,
        where: PayloadFilter | None,
        fusion: Fusion | None,
        rerank: bool,
        mmr_diversity: float | None = None,
    ) -> list[ScoredPoint]:
        if mode != "bm25" and vector is None:
            vector = (await self._embedder.embed([query]))[0]
        request = SearchRequest(
            dense=vector.tolist() if vector is not None and mode != "bm25" else None,
            text=query if mode != "dense" else None,
            limit=limit,
            where=where,
            fusion=fusion or Fusion(),
            rerank_sentences=rerank,
            mmr_diversity=mmr_diversity if mode == "hybrid" else None,
            hnsw_ef=self._hnsw_ef,
        )
        return await self._store.search(request)

    async def _with_highlights(
        self, query_vector: Vectors, hits: list[SearchHit], spans: dict[str, Any], per_hit: int
    ) -> list[SearchHit]:
        """Each hit's best sentences, scored against the query with the vectors stored at ingest (sentences of
        chunks ingested without them are embedded now)."""
        stored = await self._store.sentence_vectors([hit.chunk_id for hit in hits])
        scored: list[list[Highlight]] = []
        missing: list[tuple[int, Span]] = []
        for index, hit in enumerate(hits):
            hit_spans = spans.get(hit.chunk_id)
            vectors = stored.get(hit.chunk_id)
            if hit_spans and vectors and len(hit_spans) == len(vectors):
                scores = np.asarray(vectors, dtype=np.float32) @ query_vector
                scored.append(
                    [_highlight(hit, Span(s, e), float(v)) for (s, e), v in zip(hit_spans, scores, strict=True)]
                )
            else:
                scored.append([])
                missing.extend((index, span) for span in evidence_sentences(hit.text, limit=MAX_SENTENCES))
        if missing:
            computed = await self._embedder.embed([hits[i].text[s.start : s.end] for i, s in missing])
            for (index, span), score in zip(missing, computed @ query_vector, strict=True):
                scored[index].append(_highlight(hits[index], span, float(score)))
        return [
            replace(hit, highlights=sorted(found, key=lambda h: -h.score)[:per_hit])
            for hit, found in zip(hits, scored, strict=True)
        ]

    async def list_documents(self) -> list[DocumentEntry]:
        """The ingested documents by id (the first `MAX_LISTED_DOCUMENTS`), read from each one's first chunk."""
        firsts = await self._store.scroll({"chunk_index": 0}, limit=MAX_LISTED_DOCUMENTS)
        entries = {
            str(p.payload["source"]): DocumentEntry(
                str(p.payload["source"]), str(p.payload.get("title", "")), int(p.payload.get("doc_length", 0))
            )
            for p in firsts
        }
        return [entries[doc_id] for doc_id in sorted(entries)]

    async def require_document(self, doc_id: str) -> None:
        """Nothing, when `doc_id` was ingested.

        Raises:
            NotFound: nothing with that id was ingested.
        """
        if not await self._store.count({"source": doc_id}):
            raise _no_document(doc_id)

    async def get_document(self, doc_id: str) -> Document:
        """The whole document `doc_id`.

        Raises:
            NotFound: nothing with that id was ingested.
        """
        points = await self._store.scroll({"source": doc_id})
        if not points:
            raise _no_document(doc_id)
        ordered = sorted(points, key=lambda p: int(p.payload["start"]))
        return Document(
            doc_id=doc_id,
            title=str(ordered[0].payload.get("title", "")),
            text=_reassemble(ordered),
            chunks=len(ordered),
        )
