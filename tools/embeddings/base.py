"""The embedder contract, and the lazy loading, locking and tracing every backend shares."""

import asyncio
from abc import abstractmethod
from collections.abc import Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

from observability import SpanKind, start_span
from tools.lazy_model import LazyModel

Vectors = npt.NDArray[np.float32]
DEFAULT_MODEL_NAME = "all-MiniLM-L6-v2"


class Embedder(Protocol):
    """Turns texts into unit-length vectors; cosine similarity is then a dot product."""

    @property
    def dimension(self) -> int: ...

    @property
    def model_name(self) -> str: ...

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Embed synchronously (CPU-bound): for batch jobs and worker threads."""
        ...

    async def embed(self, texts: Sequence[str]) -> Vectors:
        """Embed without blocking the event loop."""
        ...


class LazyEmbedder(LazyModel):
    """An `Embedder` whose model loads on first use (or on `load()`), one encode at a time, traced."""

    @property
    @abstractmethod
    def model_name(self) -> str: ...

    @property
    @abstractmethod
    def dimension(self) -> int: ...

    @abstractmethod
    def _encode(self, texts: list[str]) -> Vectors:
        """Unit-length vectors for `texts`; called with the lock held and the model loaded."""

    def encode(self, texts: Sequence[str]) -> Vectors:
        self.load()
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        attributes: dict[str, str | int] = {"gen_ai.request.model": self.model_name, "embedding.count": len(texts)}
        with start_span("embeddings", SpanKind.EMBEDDING, attributes), self._lock:
            return np.asarray(self._encode(list(texts)), dtype=np.float32)

    async def embed(self, texts: Sequence[str]) -> Vectors:
        return await asyncio.to_thread(self.encode, texts)
