"""Sentence features for extractive scoring: where a sentence sits, how central and how long it is, how much of
the title it repeats, and whether the input reads as a dialogue (so position can matter in news and not in talk).

Every feature comes from the text itself: no feature names a kind of document. "Dialogue" is the share of
sentences that open with a speaker label (`#Person1#:`, `Alice:`, `SPEAKER 2:`), so a transcript is told from an
article by its own layout, and position features are also given multiplied by that share: a model fitted over
both kinds learns how much position counts in each.
"""

import math
import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from tools.embeddings import Vectors
from tools.summarise.units import Unit

Matrix = npt.NDArray[np.float64]

LAYOUT = (
    "first",
    "lead",
    "inverse_position",
    "relative_position",
    "log_words",
    "log_content_words",
    "short",
    "question",
    "quote",
    "capitals",
    "title_overlap",
    "dialogue_first",
    "dialogue_inverse_position",
    "dialogue_relative_position",
)
"""Features fixed by the text and where a sentence sits in it (computed once per input)."""
CONTENT = ("centrality", "textrank")
"""Features of a sentence among the sentences it is scored with (computed per scored set)."""
FEATURES = LAYOUT + CONTENT

LEAD_SENTENCES = 3
SHORT_WORDS = 5  # bylines, datelines and "Share this article" debris are shorter than a stated fact
_SPEAKER = re.compile(r"^\s*(?:#[^#\n]{1,30}#|[A-Z][\w.' -]{0,30}|\[[^\]\n]{1,30}\])\s*:\s")
_WORD = re.compile(r"[a-z0-9]+")
_QUOTE = re.compile(r"[\"\u201c\u201d]")
_TOKEN = re.compile(r"[A-Za-z][\w'-]*")
_STOPWORDS = frozenset(
    "the a an and or but of to in on at for with by from as is are was were be been being it its this that these "
    "those there their they them he she his her we our you your i not no will would can could should may might has "
    "have had do does did so than then also which who whom what when where how all any each more most other some "
    "such only own same too very just into over after before about between through during".split()
)
_DAMPING, _ITERATIONS = 0.85, 50


def content_words(text: str) -> set[str]:
    """The lower-cased words of `text` that carry content (no stopwords, no words under three letters)."""
    return {word for word in _WORD.findall(text.lower()) if len(word) > 2 and word not in _STOPWORDS}


def without_speaker(text: str) -> str:
    """`text` without a leading speaker label: what was said, which is what to compare sentences by (the label
    would make every turn of one speaker look alike)."""
    return _SPEAKER.sub("", text, count=1)


def dialogue_share(texts: Sequence[str]) -> float:
    """The share of `texts` that open with a speaker label: near 1 for a transcript, 0 for prose."""
    return sum(1 for text in texts if _SPEAKER.match(text)) / len(texts) if texts else 0.0


def _capital_share(text: str) -> float:
    """The share of words after the first that are capitalised: names, places and organisations."""
    tokens = _TOKEN.findall(text)[1:]
    return sum(1 for token in tokens if token[0].isupper()) / len(tokens) if tokens else 0.0


def layout_features(units: Sequence[Unit], texts: Sequence[str], titles: Sequence[str]) -> Matrix:
    """One row of `LAYOUT` features per unit; `titles[unit.source]` is the title of the unit's source."""
    dialogue = dialogue_share(texts)
    title_words = [content_words(title) for title in titles]
    rows = []
    for unit, text in zip(units, texts, strict=True):
        inverse = 1.0 / (unit.index + 1)
        relative = unit.index / (unit.of - 1) if unit.of > 1 else 0.0
        first = float(unit.index == 0)
        wanted = title_words[unit.source]
        overlap = len(content_words(text) & wanted) / len(wanted) if wanted else 0.0
        rows.append(
            [
                first,
                float(unit.index < LEAD_SENTENCES),
                inverse,
                relative,
                math.log1p(unit.words),
                math.log1p(len(content_words(without_speaker(text)))),
                float(unit.words < SHORT_WORDS),
                float(text.rstrip().endswith("?")),
                float(bool(_QUOTE.search(text))),
                _capital_share(text),
                overlap,
                dialogue * first,
                dialogue * inverse,
                dialogue * relative,
            ]
        )
    return np.asarray(rows, dtype=np.float64).reshape(len(rows), len(LAYOUT))


def content_features(vectors: Vectors) -> Matrix:
    """One row of `CONTENT` features per vector: cosine to the centroid, and TextRank scaled so its mean is 1."""
    centroid = vectors.mean(axis=0)
    centrality = (vectors @ (centroid / (np.linalg.norm(centroid) or 1.0))).astype(np.float64)
    rank = textrank(vectors @ vectors.T) * len(vectors)
    return np.column_stack([centrality, rank])


def textrank(similarity: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
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
