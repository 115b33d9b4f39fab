"""Searching ingested documents: hybrid retrieval, best-supporting sentences, and whole documents."""

from dataclasses import dataclass, replace
from typing import Literal

from observability import SpanKind, start_span
from tools.embeddings import Embedder, Vectors
from tools.errors import InvalidInput, NotFound
from tools.sentences import split_sentences
from tools.vectorstore import Fusion, PayloadFilter, ScoredPoint, SearchRequest, VectorStore

MAX_QUERY_CHARS = 2000
MAX_LIMIT = 50
RetrievalMode = Literal["dense", "bm25", "hybrid"]


@dataclass(frozen=True)  # no slots: the MCP SDK reads class attributes when building output schemas
class Highlight:
    """A sentence of a hit that supports the query; offsets are into the whole document."""

    text: str
    start: int
    end: int
    score: float


@dataclass(frozen=True)  # no slots: the MCP SDK reads class attributes when building output schemas
class SearchHit:
    """A retrieved chunk with its document, offsets, fused score and best-supporting sentences."""

    doc_id: str
    title: str
    section: str
    chunk_id: str
    text: str
    start: int
    end: int
    score: float
    highlights: list[Highlight]


@dataclass(frozen=True)  # no slots: the MCP SDK reads class attributes when building output schemas
class Document:
    """A whole ingested document, reassembled from its chunks."""

    doc_id: str
    title: str
    text: str
    chunks: int


def _checked(query: str, limit: int) -> str:
    query = query.strip()
    if not query:
        raise InvalidInput("the query is empty: say what to search for")
    if len(query) > MAX_QUERY_CHARS:
        raise InvalidInput(f"the query has {len(query)} characters; the limit is {MAX_QUERY_CHARS}")
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}, got {limit}")
    return query


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
    )


class DocumentSearch:
    """Hybrid search over one collection, with sentence-level support scored by the same embedder."""

    def __init__(self, embedder: Embedder, store: VectorStore) -> None:
        self._embedder, self._store = embedder, store

    async def search(
        self, query: str, *, limit: int = 5, where: PayloadFilter | None = None, highlights: int = 2
    ) -> list[SearchHit]:
        """The `limit` best chunks for `query` (hybrid), each with up to `highlights` supporting sentences.

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
            hits = await self.retrieve(query, vector=vector, limit=limit, where=where)
            span.set_attribute("retrieval.documents.count", len(hits))
            span.set_attribute("retrieval.documents.ids", [hit.doc_id for hit in hits])
            if highlights and hits:
                hits = await self._with_highlights(vector, hits, highlights)
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
    ) -> list[SearchHit]:
        """Ranked chunks from one retriever or both fused, without highlights (`vector`: the query's, if known)."""
        if mode != "bm25" and vector is None:
            vector = (await self._embedder.embed([query]))[0]
        request = SearchRequest(
            dense=vector.tolist() if vector is not None and mode != "bm25" else None,
            text=query if mode != "dense" else None,
            limit=limit,
            where=where,
            fusion=fusion or Fusion(),
        )
        return [_hit(point) for point in await self._store.search(request)]

    async def _with_highlights(self, query_vector: Vectors, hits: list[SearchHit], per_hit: int) -> list[SearchHit]:
        spans = [
            (index, span)
            for index, hit in enumerate(hits)
            for span in split_sentences(hit.text)
            if not hit.text.startswith("#", span.start)  # a markdown heading is not evidence
        ]
        if not spans:
            return hits
        vectors = await self._embedder.embed([hits[i].text[s.start : s.end] for i, s in spans])
        scores = vectors @ query_vector
        by_hit: dict[int, list[Highlight]] = {}
        for (index, span), score in zip(spans, scores, strict=True):
            hit = hits[index]
            by_hit.setdefault(index, []).append(
                Highlight(hit.text[span.start : span.end], hit.start + span.start, hit.start + span.end, float(score))
            )
        return [
            replace(hit, highlights=sorted(by_hit.get(i, []), key=lambda h: -h.score)[:per_hit])
            for i, hit in enumerate(hits)
        ]

    async def get_document(self, doc_id: str) -> Document:
        """The whole document `doc_id`.

        Raises:
            NotFound: nothing with that id was ingested.
        """
        points = await self._store.scroll({"source": doc_id})
        if not points:
            raise NotFound(f"no document with id {doc_id!r}: use search_documents to find document ids")
        ordered = sorted(points, key=lambda p: int(p.payload["start"]))
        return Document(
            doc_id=doc_id,
            title=str(ordered[0].payload.get("title", "")),
            text="".join(str(p.payload["text"]) for p in ordered),
            chunks=len(ordered),
        )
