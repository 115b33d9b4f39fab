"""One vector-store interface over Qdrant, with an embedded (Qdrant Edge) and a server backend."""

from tools.vectorstore.base import (
    DENSE_VECTOR,
    SENTENCE_VECTOR,
    SPARSE_VECTOR,
    Fusion,
    PayloadFilter,
    PointInput,
    ScoredPoint,
    SearchRequest,
    StoredPoint,
    VectorStore,
)
from tools.vectorstore.factory import open_vector_store

__all__ = [
    "DENSE_VECTOR",
    "SENTENCE_VECTOR",
    "SPARSE_VECTOR",
    "Fusion",
    "PayloadFilter",
    "PointInput",
    "ScoredPoint",
    "SearchRequest",
    "StoredPoint",
    "VectorStore",
    "open_vector_store",
]
