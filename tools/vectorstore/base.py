"""The vector-store contract both backends satisfy: named dense + BM25 vectors, hybrid RRF queries."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

DENSE_VECTOR = "dense"
SPARSE_VECTOR = "bm25"
RRF_K = 60  # rank constant; Qdrant's own default is 2, which over-rewards the very top ranks
PREFETCH_FLOOR = 50  # candidates each retriever contributes before fusion, at least

PayloadFilter = Mapping[str, str | int | bool]
"""Payload equality conditions, all of which must hold (e.g. {"source": "docs/ops.md"})."""


@dataclass(frozen=True, slots=True)
class PointInput:
    """A point to upsert: its id (a UUID string), dense vector, the text BM25 indexes, and payload."""

    id: str
    dense: Sequence[float]
    text: str
    payload: Mapping[str, Any]


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

    async def hybrid_query(
        self, dense: Sequence[float], text: str, *, limit: int, where: PayloadFilter | None = None
    ) -> list[ScoredPoint]:
        """Dense and BM25 candidates, each filtered by `where`, fused by reciprocal rank."""
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
