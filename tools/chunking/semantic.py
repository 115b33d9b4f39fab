"""Semantic chunking: cut between sentences where neighbouring sentences stop being about the same thing."""

import numpy as np

from tools.chunking.base import Chunk
from tools.embeddings import Embedder
from tools.sentences import split_sentences


def semantic_chunks(text: str, embedder: Embedder, *, max_chars: int) -> list[Chunk]:
    """Chunks of whole sentences. A cut falls where the cosine similarity of adjacent sentences is among the
    lowest (below its mean minus one standard deviation for this document) or where `max_chars` would be
    passed. Runs the embedder synchronously (call it from a worker thread)."""
    spans = split_sentences(text)
    if len(spans) <= 1:
        return [Chunk(text, 0, len(text), "", 0)] if text.strip() else []
    vectors = embedder.encode([text[s.start : s.end] for s in spans])
    similarity = np.sum(vectors[:-1] * vectors[1:], axis=1)
    threshold = float(similarity.mean() - similarity.std())
    chunks: list[Chunk] = []
    start = spans[0].start
    for index in range(1, len(spans)):
        too_long = spans[index].end - start > max_chars
        if similarity[index - 1] < threshold or too_long:
            end = spans[index - 1].end
            chunks.append(Chunk(text[start:end], start, end, "", len(chunks)))
            start = spans[index].start
    chunks.append(Chunk(text[start : spans[-1].end], start, spans[-1].end, "", len(chunks)))
    return chunks
