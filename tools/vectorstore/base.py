"""The vector-store contract both backends satisfy: named dense + BM25 vectors, fused hybrid queries."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

DENSE_VECTOR = "dense"
SPARSE_VECTOR = "bm25"
SENTENCE_VECTOR = "sentences"  # one vector per sentence of the chunk, compared by MaxSim (late interaction)
RRF_K = 60  # rank constant; Qdrant's own default is 2, which over-rewards the very top ranks
INDEXED_FIELDS = ("source",)  # payload fields with a keyword index: filters on them skip a full scan
PREFETCH_FLOOR = 50  # candidates each retriever contributes before fusion, at least

PayloadFilter = Mapping[str, str | int | bool]
"""Payload equality conditions, all of which must hold (e.g. {"source": "docs/ops.md"})."""


def multivectors_by_id(records: Iterable[Any], name: str) -> dict[str, list[list[float]]]:
    """The named multivector of each retrieved record (either backend's: `.id` and a `.vector` dict) as rows of
    floats, by point id; records without one (absent, dense or sparse) are left out."""
    found: dict[str, list[list[float]]] = {}
    for record in records:
        vectors = record.vector if isinstance(record.vector, dict) else {}
        value = vectors.get(name)
        if isinstance(value, list) and value and isinstance(value[0], list):
            found[str(record.id)] = [[float(x) for x in row] for row in value]
    return found


@dataclass(frozen=True, slots=True)
class PointInput:
    """A point to upsert: its id (a UUID string), dense vector, the text BM25 indexes, and payload."""

    id: str
    dense: Sequence[float]
    text: str
    payload: Mapping[str, Any]
    sentences: Sequence[Sequence[float]] = ()


@dataclass(frozen=True, slots=True)
class Fusion:
    """How the dense and BM25 candidate lists are combined.

    `rrf`: reciprocal rank fusion, score = sum of weight / (k + rank); `dbsf`: distribution-based score fusion
    (scores normalised by mean +/- 3 standard deviations, then summed; weights do not apply). Fused scores are
    not cosine similarities: a threshold on them means something else.
    """

    method: Literal["rrf", "dbsf"] = "rrf"
    k: int = RRF_K
    dense_weight: float = 1.0
    bm25_weight: float = 1.0

    def __post_init__(self) -> None:
        if self.k < 1:
            raise ValueError("the RRF rank constant k must be at least 1")
        if self.dense_weight <= 0 or self.bm25_weight <= 0:
            raise ValueError("retriever weights must be positive")


@dataclass(frozen=True, slots=True)
class SearchRequest:
    """A query: dense only (`text` None), BM25 only (`dense` None), or both fused.

    Each retriever contributes `candidates` points (at least limit + offset), each filtered by `where`.
    """

    dense: Sequence[float] | None
    text: str | None
    limit: int
    offset: int = 0
    where: PayloadFilter | None = None
    fusion: Fusion = field(default_factory=Fusion)
    candidates: int = PREFETCH_FLOOR
    rerank_sentences: bool = False
    """Add a third ranking to the fusion: the fused candidates rescored by MaxSim of the dense query against each
    chunk's sentence vectors (late interaction at sentence granularity)."""
    mmr_diversity: float | None = None
    """Reorder the fused candidates by maximal marginal relevance over dense vectors (0: relevance only)."""
    exact: bool = False
    """Dense search by brute force instead of the HNSW index (for measuring the index's recall)."""
    hnsw_ef: int | None = None
    """HNSW beam width for the dense search (None: the engine's default)."""

    def __post_init__(self) -> None:
        if self.dense is None and self.text is None:
            raise ValueError("a search needs a dense vector, a text, or both")
        if self.rerank_sentences and self.mmr_diversity is not None:
            raise ValueError("choose one reordering: sentence rerank or MMR")
        if self.mmr_diversity is not None and not 0 <= self.mmr_diversity <= 1:
            raise ValueError("mmr_diversity must be between 0 and 1")

    @property
    def prefetch(self) -> int:
        return max(self.candidates, self.limit + self.offset)


@dataclass(frozen=True, slots=True)
class StoredPoint:
    """A point read back by id or filter."""

    id: str
    payload: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ScoredPoint:
    """A query hit: fused score (higher is better) and payload."""

    id: str
    score: float
    payload: dict[str, Any]


class VectorStore(Protocol):
    """A collection of points with a dense vector and a BM25 sparse vector each.

    Every method may raise `UpstreamUnavailable` when the backend cannot be reached.
    """

    @property
    def backend(self) -> str: ...

    async def upsert(self, points: Sequence[PointInput]) -> None:
        """Insert or replace points by id; visible to queries when it returns."""
        ...

    async def delete(self, ids: Sequence[str]) -> None:
        """Remove points by id; unknown ids are ignored."""
        ...

    async def delete_where(self, where: PayloadFilter) -> None:
        """Remove every point whose payload matches `where`."""
        ...

    async def search(self, request: SearchRequest) -> list[ScoredPoint]:
        """The best points for `request`, best first."""
        ...

    async def sentence_vectors(self, ids: Sequence[str]) -> dict[str, list[list[float]]]:
        """The stored sentence vectors of these points (points without any are left out)."""
        ...

    async def scroll(self, where: PayloadFilter | None = None, *, limit: int = 10_000) -> list[StoredPoint]:
        """Points matching `where` (all points without it), up to `limit`."""
        ...

    async def retrieve(self, ids: Sequence[str]) -> list[StoredPoint]:
        """The points with these ids that exist."""
        ...

    async def count(self, where: PayloadFilter | None = None) -> int:
        """How many points match `where`."""
        ...

    async def close(self) -> None:
        """Flush and release the collection; the store is unusable afterwards."""
        ...

    async def drop(self) -> None:
        """Delete the whole collection and release it; the store is unusable afterwards."""
        ...

    async def optimize(self) -> None:
        """Build indexes now rather than on the engine's schedule (after a large ingest)."""
        ...
