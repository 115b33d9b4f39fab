"""Extractive summarising: the most central, least redundant sentences, in their original order."""

from dataclasses import dataclass

import numpy as np

from tools.embeddings import Embedder
from tools.errors import InvalidInput
from tools.sentences import evidence_sentences

_MMR_LAMBDA = 0.7  # relevance vs. novelty when picking the next sentence
_LEAD_BONUS = 0.05  # opening sentences tend to carry the topic (news, abstracts, reports)


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """A sentence of the source chosen for the summary, with its offsets and score."""

    text: str
    start: int
    end: int
    score: float


async def summarise_extractive(embedder: Embedder, text: str, *, max_sentences: int = 3) -> list[SummarySentence]:
    """Pick up to `max_sentences` sentences that together cover `text` best.

    Sentences are scored by centrality (mean cosine similarity to the whole text's sentences) with a
    small lead bonus, then picked by maximal marginal relevance so near-duplicates are not repeated.

    Raises:
        InvalidInput: the text has no sentences, or `max_sentences` is below 1.
    """
    if max_sentences < 1:
        raise InvalidInput("max_sentences must be at least 1")
    spans = evidence_sentences(text)
    if not spans:
        raise InvalidInput("there is no text to summarise: send the text itself, not only an instruction")
    if len(spans) <= max_sentences:
        return [SummarySentence(text[s.start : s.end], s.start, s.end, 1.0) for s in spans]
    vectors = await embedder.embed([text[s.start : s.end] for s in spans])
    similarity = vectors @ vectors.T
    centroid = vectors.mean(axis=0)
    centrality = vectors @ (centroid / (np.linalg.norm(centroid) or 1.0))
    position = np.arange(len(spans))
    relevance = centrality + _LEAD_BONUS / (1.0 + position)
    chosen: list[int] = []
    while len(chosen) < max_sentences:
        redundancy = similarity[:, chosen].max(axis=1) if chosen else np.zeros(len(spans))
        marginal = _MMR_LAMBDA * relevance - (1 - _MMR_LAMBDA) * redundancy
        marginal[chosen] = -np.inf
        chosen.append(int(np.argmax(marginal)))
    return [
        SummarySentence(text[spans[i].start : spans[i].end], spans[i].start, spans[i].end, float(relevance[i]))
        for i in sorted(chosen)
    ]
