"""Scoring and picking summary sentences: a fitted linear score over sentence features, then MMR."""

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from tools.embeddings import Vectors
from tools.summarise.features import CONTENT, FEATURES, LAYOUT, Matrix, content_features

Scores = npt.NDArray[np.float64]

MMR_LAMBDA = 0.85  # relevance against novelty when picking the next sentence


def feature_matrix(vectors: Vectors, layout: Matrix) -> Matrix:
    """The `FEATURES` of each sentence among `vectors`, given their `LAYOUT` rows."""
    return np.hstack([layout, content_features(vectors)])


def relevance(vectors: Vectors, layout: Matrix, weights: Mapping[str, float]) -> Scores:
    """How summary-worthy each sentence is among `vectors`: the weighted sum of its features, rescaled to [0, 1]
    within the set so it weighs against redundancy (a cosine) the same way whatever the weights.

    Raises:
        KeyError: `weights` lacks a feature.
    """
    assert layout.shape[1] == len(LAYOUT) and len(CONTENT) + len(LAYOUT) == len(FEATURES)
    coefficients = np.array([weights[name] for name in FEATURES], dtype=np.float64)
    raw = feature_matrix(vectors, layout) @ coefficients
    spread = float(raw.max() - raw.min()) if len(raw) else 0.0
    return np.asarray((raw - raw.min()) / spread if spread > 0 else np.ones_like(raw), dtype=np.float64)


def pick(
    vectors: Vectors, scores: Scores, words: npt.NDArray[np.int64], *, count: int, max_words: int | None = None
) -> list[int]:
    """Indices of up to `count` sentences (and `max_words` words, though never fewer than one sentence), picked by
    maximal marginal relevance so near-duplicates are left out; in their original order. Under a word budget only
    sentences that fit it are candidates; the single best sentence is taken only when none fits."""
    n = len(vectors)
    similarity = vectors @ vectors.T
    available = np.ones(n, dtype=bool)
    if max_words is not None and bool((words <= max_words).any()):
        available &= words <= max_words  # a best sentence longer than the budget would leave it broken from the start
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
