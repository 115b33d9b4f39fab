"""An embedder that embeds each distinct text once: a question routed, matched to curated queries and to tables
in one request (and asked again later) is encoded the first time only."""

from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from tools.embeddings.base import Embedder, Vectors
from tools.embeddings.delegating import DelegatingEmbedder

DEFAULT_CAPACITY = 4096  # texts; 384 float32s each, ~6 MB at most


class MemoEmbedder(DelegatingEmbedder):
    """Wraps `inner` with a least-recently-used cache of `capacity` texts. Vectors depend on the text alone, so a
    cached one is exactly what `inner` would return; misses of one call are encoded together in one batch."""

    def __init__(self, inner: Embedder, *, capacity: int = DEFAULT_CAPACITY) -> None:
        super().__init__(inner)
        self._capacity = capacity
        self._vectors: OrderedDict[str, Vectors] = OrderedDict()

    def encode(self, texts: Sequence[str]) -> Vectors:
        missing = self._missing(texts)
        return self._assemble(texts, missing, self._inner.encode(missing) if missing else None)

    async def embed(self, texts: Sequence[str]) -> Vectors:
        missing = self._missing(texts)
        return self._assemble(texts, missing, await self._inner.embed(missing) if missing else None)

    def _missing(self, texts: Sequence[str]) -> list[str]:
        return list(dict.fromkeys(text for text in texts if text not in self._vectors))

    def _assemble(self, texts: Sequence[str], missing: list[str], fresh: Vectors | None) -> Vectors:
        found = {text: self._vectors[text] for text in texts if text in self._vectors}
        if fresh is not None:
            for text, vector in zip(missing, fresh, strict=True):
                vector.setflags(write=False)  # shared by every later caller
                found[text] = vector
                self._vectors[text] = vector
        for text in found:
            self._vectors.move_to_end(text)
        while len(self._vectors) > self._capacity:
            self._vectors.popitem(last=False)
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([found[text] for text in texts])
