"""The query plan of a search, described once; each backend translates it into its own Qdrant request.

A plan is a tree of stages. Leaves search one named vector (dense or BM25); inner stages combine or reorder
the candidates of the stages below them. Every stage keeps `limit` points; the top stage's `limit` and the
request's offset are the page the caller asked for.

    Fused(rrf)                         hybrid (the default)
     ├── Dense                         HNSW (or exact) nearest by the dense vector, filtered
     └── Bm25                          sparse BM25 nearest, filtered
    Fused(rrf, 3 weights)              hybrid + sentence rerank: a third ranking fused with the two lists
     ├── Dense, Bm25
     └── SentenceMaxSim                the fused candidates rescored by MaxSim over sentence vectors
          └── Fused(Dense, Bm25)
    Diversified                        hybrid + MMR: the fused candidates reordered for diversity
     └── Fused(Dense, Bm25)
"""

from collections.abc import Sequence
from dataclasses import dataclass

from tools.vectorstore.base import Fusion, PayloadFilter, SearchRequest


@dataclass(frozen=True, slots=True)
class Dense:
    """Nearest points by the dense vector."""

    vector: Sequence[float]
    limit: int
    where: PayloadFilter | None
    hnsw_ef: int | None
    exact: bool


@dataclass(frozen=True, slots=True)
class Bm25:
    """Nearest points by the BM25 sparse vector of `text`."""

    text: str
    limit: int
    where: PayloadFilter | None


@dataclass(frozen=True, slots=True)
class Fused:
    """The rankings of `inputs` combined by `fusion`, one weight per input (RRF only)."""

    inputs: tuple["Stage", ...]
    fusion: Fusion
    weights: tuple[float, ...]
    limit: int


@dataclass(frozen=True, slots=True)
class SentenceMaxSim:
    """The candidates of `candidates` rescored by MaxSim of the dense query against each point's sentences."""

    vector: Sequence[float]
    candidates: "Stage"
    limit: int


@dataclass(frozen=True, slots=True)
class Diversified:
    """The candidates of `candidates` reordered by maximal marginal relevance over dense vectors."""

    vector: Sequence[float]
    diversity: float
    candidates: "Stage"
    limit: int


Stage = Dense | Bm25 | Fused | SentenceMaxSim | Diversified


def plan_search(request: SearchRequest) -> Stage:
    """The plan of `request`; its top stage keeps `request.limit` points (the offset applies to it)."""
    dense = (
        Dense(request.dense, request.prefetch, request.where, request.hnsw_ef, request.exact)
        if request.dense is not None
        else None
    )
    bm25 = Bm25(request.text, request.prefetch, request.where) if request.text is not None else None
    if dense is None or bm25 is None:
        leaf = dense or bm25
        assert leaf is not None  # SearchRequest refuses a request with neither
        return _with_limit(leaf, request.limit)
    fusion = request.fusion
    pair = (fusion.dense_weight, fusion.bm25_weight)
    if request.mmr_diversity is not None:
        candidates = Fused((dense, bm25), fusion, pair, request.prefetch)
        return Diversified(dense.vector, request.mmr_diversity, candidates, request.limit)
    if request.rerank_sentences:
        candidates = Fused((dense, bm25), fusion, pair, request.prefetch)
        rescored = SentenceMaxSim(dense.vector, candidates, request.prefetch)
        return Fused((dense, bm25, rescored), fusion, (*pair, 1.0), request.limit)
    return Fused((dense, bm25), fusion, pair, request.limit)


def _with_limit(stage: Dense | Bm25, limit: int) -> Stage:
    if isinstance(stage, Dense):
        return Dense(stage.vector, limit, stage.where, stage.hnsw_ef, stage.exact)
    return Bm25(stage.text, limit, stage.where)
