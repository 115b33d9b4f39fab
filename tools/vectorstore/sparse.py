"""BM25 sparse encoding shared by both backends (Qdrant Edge's tokenizer and stemmer)."""

from functools import cache

from qdrant_edge import Bm25, SparseVector


@cache
def _encoder() -> Bm25:
    return Bm25()


def encode_document(text: str) -> SparseVector:
    """Term-frequency weights of `text`; the collection's IDF modifier completes BM25."""
    return _encoder().embed_document(text)


def encode_query(text: str) -> SparseVector:
    """Unit weights for each distinct query term."""
    return _encoder().embed_query(text)
