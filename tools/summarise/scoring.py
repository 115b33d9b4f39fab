"""Scoring and picking summary sentences from their embeddings: centrality, TextRank, position, MMR."""

import numpy as np
import numpy.typing as npt

from tools.embeddings import Vectors

Scores = npt.NDArray[np.float64]

MMR_LAMBDA = 0.7  # relevance against novelty when picking the next sentence
POSITION_WEIGHT = 0.05  # openings tend to state the topic (reports, abstracts, meetings); a nudge, not a rule
_DAMPING, _ITERATIONS = 0.85, 50


def relevance(vectors: Vectors, positions: Scores) -> Scores:
    """How well each sentence represents the set: the mean of its cosine to the centroid and its TextRank
    (rescaled to the same mean), plus a small bonus the nearer it sits to the start of its source."""
    centroid = vectors.mean(axis=0)
    centrality = (vectors @ (centroid / (np.linalg.norm(centroid) or 1.0))).astype(np.float64)
    rank = textrank(vectors @ vectors.T) * len(vectors) * float(centrality.mean())
    return np.asarray((centrality + rank) / 2 + POSITION_WEIGHT * (1.0 - positions), dtype=np.float64)


def textrank(similarity: npt.NDArray[np.float32]) -> Scores:
    """The stationary distribution of a random walk over sentences, stepping in proportion to (positive)
    similarity: sentences many others resemble rank high (Mihalcea & Tarau's TextRank, cosine-weighted)."""
    n = len(similarity)
    weights = np.clip(similarity.astype(np.float64), 0.0, None)
    np.fill_diagonal(weights, 0.0)
    totals = weights.sum(axis=1, keepdims=True)
    transition = np.divide(weights, totals, out=np.full_like(weights, 1.0 / n), where=totals > 0)
    rank = np.full(n, 1.0 / n)
    for _ in range(_ITERATIONS):
        updated = (1 - _DAMPING) / n + _DAMPING * (transition.T @ rank)
        converged = np.abs(updated - rank).sum() < 1e-9
        rank = updated
        if converged:
            break
    return np.asarray(rank, dtype=np.float64)


def pick(
    vectors: Vectors, scores: Scores, words: npt.NDArray[np.int64], *, count: int, max_words: int | None = None
) -> list[int]:
    """Indices of up to `count` sentences (and `max_words` words, though never fewer than one sentence), picked by
    maximal marginal relevance so near-duplicates are left out; in their original order."""
    n = len(vectors)
    similarity = vectors @ vectors.T
    available = np.ones(n, dtype=bool)
    chosen: list[int] = []
    used = 0
    while len(chosen) < count and available.any():
        redundancy = similarity[:, chosen].max(axis=1) if chosen else np.zeros(n)
        marginal = MMR_LAMBDA * scores - (1 - MMR_LAMBDA) * redundancy
        marginal[~available] = -np.inf
        best = int(np.argmax(marginal))
        available[best] = False
        if max_words is not None and chosen and used + int(words[best]) > max_words:
            continue
        chosen.append(best)
        used += int(words[best])
    return sorted(chosen)
