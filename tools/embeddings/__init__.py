"""Sentence embeddings from locally shipped models (no hub downloads), with a choice of runtime."""

import asyncio

from tools.embeddings.base import DEFAULT_MODEL_NAME, Embedder, LazyEmbedder, Vectors
from tools.embeddings.batching import BatchingEmbedder
from tools.embeddings.delegating import DelegatingEmbedder
from tools.embeddings.memo import MemoEmbedder
from tools.embeddings.onnx_backend import OnnxEmbedder
from tools.embeddings.torch_backend import SentenceTransformerEmbedder, packaged_model_path
from tools.settings import EmbeddingSettings

__all__ = [
    "DEFAULT_MODEL_NAME",
    "BatchingEmbedder",
    "DelegatingEmbedder",
    "Embedder",
    "LazyEmbedder",
    "MemoEmbedder",
    "OnnxEmbedder",
    "SentenceTransformerEmbedder",
    "Vectors",
    "configured_embedder",
    "load_embedder",
    "packaged_model_path",
]


def configured_embedder(settings: EmbeddingSettings | None = None) -> LazyEmbedder:
    """The embedder RELAYBOARD_EMBEDDING_* describe, not loaded yet."""
    chosen = settings or EmbeddingSettings()
    if chosen.backend == "onnx-int8":
        return OnnxEmbedder(chosen.onnx_model_path, batch_size=chosen.batch_size, threads=chosen.threads)
    return SentenceTransformerEmbedder(chosen.model_path, batch_size=chosen.batch_size)


async def load_embedder(settings: EmbeddingSettings | None = None) -> LazyEmbedder:
    """The configured embedder, loaded; the load (seconds of CPU) runs in a worker thread.

    Raises:
        ConfigurationError: the model does not exist or does not load.
    """
    embedder = configured_embedder(settings)
    await asyncio.to_thread(embedder.load)
    return embedder
