"""Sentence vectors kept between evaluation runs: an embedder that embeds each distinct text once per model."""

import asyncio
import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from tools.embeddings import Embedder, Vectors
from tools.embeddings.delegating import DelegatingEmbedder


class CachedEmbedder(DelegatingEmbedder):
    """An `Embedder` that looks texts up in a file of earlier vectors and embeds only the new ones; `save()`
    writes the file back. For evaluations and fits, which embed the same dev sets run after run."""

    def __init__(self, inner: Embedder, folder: Path) -> None:
        super().__init__(inner)
        self._path = folder / f"vectors-{inner.model_name.replace('/', '_')}.npz"
        self._vectors: dict[str, Vectors] = {}
        self._added = False
        if self._path.is_file():
            with np.load(self._path) as stored:
                self._vectors = dict(zip(stored["keys"].tolist(), stored["vectors"], strict=True))

    def encode(self, texts: Sequence[str]) -> Vectors:
        keys = [hashlib.sha1(text.encode()).hexdigest() for text in texts]
        missing = sorted({key: text for key, text in zip(keys, texts, strict=True) if key not in self._vectors}.items())
        if missing:
            fresh = self._inner.encode([text for _, text in missing])
            self._vectors.update(zip((key for key, _ in missing), fresh, strict=True))
            self._added = True
        if not keys:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self._vectors[key] for key in keys]).astype(np.float32)

    async def embed(self, texts: Sequence[str]) -> Vectors:
        return await asyncio.to_thread(self.encode, texts)

    def save(self) -> None:
        """Write the vectors back if any were added."""
        if not self._added:
            return
        self._path.parent.mkdir(parents=True, exist_ok=True)
        keys = list(self._vectors)
        np.savez(self._path, keys=np.array(keys), vectors=np.stack([self._vectors[key] for key in keys]))
        self._added = False
