"""The base of embedders that wrap another: their dimension and model name are the wrapped embedder's."""

from tools.embeddings.base import Embedder


class DelegatingEmbedder:
    """Wraps `inner` (a cache, a batcher, a test's hook): the vectors are `inner`'s, so its dimension and model name
    are too. Subclasses add `encode` and `embed`."""

    def __init__(self, inner: Embedder) -> None:
        self._inner = inner

    @property
    def dimension(self) -> int:
        return self._inner.dimension

    @property
    def model_name(self) -> str:
        return self._inner.model_name
