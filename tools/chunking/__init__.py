"""Splitting documents into chunks, by the strategy a collection chose."""

from typing import TYPE_CHECKING

from tools.chunking.base import (
    DEFAULT_CHUNK_TOKENS,
    DEFAULT_MAX_CHARS,
    DEFAULT_OVERLAP_TOKENS,
    Chunk,
    ChunkingPolicy,
    Strategy,
)
from tools.chunking.recursive import recursive_chunks
from tools.chunking.tokens import token_windows

if TYPE_CHECKING:  # the embedding stack loads only for the semantic strategy: the CLI and the MCP edge import this
    from tools.embeddings import Embedder

__all__ = [
    "DEFAULT_CHUNK_TOKENS",
    "DEFAULT_MAX_CHARS",
    "DEFAULT_OVERLAP_TOKENS",
    "Chunk",
    "ChunkingPolicy",
    "Strategy",
    "chunk_document",
]


def chunk_document(
    text: str, policy: ChunkingPolicy | None = None, *, markdown: bool = True, embedder: "Embedder | None" = None
) -> list[Chunk]:
    """The chunks of `text` under `policy`; `markdown` says whether the text's headings delimit sections
    (only the `markdown` strategy uses them); the `semantic` strategy needs `embedder`.

    Raises:
        ValueError: the `semantic` strategy without an embedder.
    """
    chosen = policy or ChunkingPolicy()
    if chosen.strategy == "fixed":
        return token_windows(text, chunk_tokens=chosen.chunk_tokens, overlap_tokens=chosen.overlap_tokens)
    if chosen.strategy == "semantic":
        if embedder is None:
            raise ValueError("the semantic chunking strategy needs an embedder")
        from tools.chunking.semantic import semantic_chunks

        return semantic_chunks(text, embedder, max_chars=chosen.max_chars)
    return recursive_chunks(text, max_chars=chosen.max_chars, markdown=markdown and chosen.strategy == "markdown")
