"""The reranker contract: one relevance score per (query, passage), higher is better."""

import asyncio
from abc import abstractmethod
from collections.abc import Sequence
from typing import Protocol

from observability import SpanKind, start_span
from tools.lazy_model import LazyModel


class Reranker(Protocol):
    """Scores passages against a query; the scores only need to order the passages of one query."""

    @property
    def name(self) -> str: ...

    async def scores(self, query: str, passages: Sequence[str]) -> list[float]:
        """One score per passage, in the passages' order."""
        ...


async def rerank_order(reranker: Reranker, query: str, passages: Sequence[str]) -> list[tuple[int, float]]:
    """(index into `passages`, score) best first; ties keep the incoming order, so the first stage breaks them."""
    if not passages:
        return []
    attributes: dict[str, str | int] = {
        "reranker.model_name": reranker.name,
        "reranker.top_k": len(passages),
        "input.value": query,
    }
    with start_span("rerank", SpanKind.RERANKER, attributes):
        scores = await reranker.scores(query, passages)
    if len(scores) != len(passages):
        raise ValueError(f"reranker {reranker.name} returned {len(scores)} scores for {len(passages)} passages")
    return sorted(enumerate(scores), key=lambda pair: -pair[1])


class LazyReranker(LazyModel):
    """A `Reranker` whose model loads on first use (or on `load()`), scoring one batch at a time in a thread."""

    @property
    @abstractmethod
    def name(self) -> str: ...

    @abstractmethod
    def _score(self, query: str, passages: list[str]) -> list[float]:
        """Scores for `passages`; called with the lock held and the model loaded."""

    def score_sync(self, query: str, passages: Sequence[str]) -> list[float]:
        self.load()
        with self._lock:
            return self._score(query, list(passages))

    async def scores(self, query: str, passages: Sequence[str]) -> list[float]:
        return await asyncio.to_thread(self.score_sync, query, passages)
