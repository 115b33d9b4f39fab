"""Is the answer in what the search returned? A small logistic model over signals of the retrieval tool's result.

A close cosine alone says the passages are on the topic; the answer being there shows more ways: the cited
sentences contain the question's own content words and names, both retrievers (dense and BM25) put the passage
near the top, and it stands clear of the next passage. The weights are fitted on a dev set by
evals/answerability_fit.py and kept in agents/retrieval/answerability_weights.py.
"""

import math
import re
from collections.abc import Mapping
from typing import Any

from agents.retrieval.answerability_weights import BAR, BIAS, WEIGHTS

SIGNALS = (
    "support",
    "coverage",
    "entity_coverage",
    "margin",
    "dense_agreement",
    "bm25_agreement",
    "distinctive_coverage",
)
SHOWN_HITS = 5
CITED = 3
STEM = 6  # words compared by their first six letters: "mutations" meets "mutation", "reduces" meets "reduced"
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9-]*|\d[\d.,]*")
_STOPWORDS = frozenset(
    "the a an and or but of to in on at for with by from as is are was were be been being it its this that these "
    "those there their they them he she his her we our you your not no will would can could should may might has "
    "have had do does did so than then also which who whom what when where how all any each more most other some "
    "such only own same too very just into over after before about between through during".split()
)


def _stems(text: str) -> set[str]:
    return {w.lower()[:STEM] for w in _WORD.findall(text) if len(w) > 2 and w.lower() not in _STOPWORDS}


def _entities(text: str) -> set[str]:
    """Names, acronyms and numbers: a capitalised word after the first, a word with a digit or an inner capital."""
    words = _WORD.findall(text)
    return {
        w.lower()[:STEM]
        for i, w in enumerate(words)
        if any(c.isdigit() for c in w) or any(c.isupper() for c in w[1:]) or (i > 0 and w[0].isupper())
    }


def _distinctive_coverage(asked: set[str], found: set[str], hits: list[Mapping[str, Any]]) -> float:
    """Coverage with each question word weighted by how few shown hits contain it: words every hit shares are the
    topic, the rarer ones are what the question says about it."""
    passages = [_stems(f"{hit.get('title', '')} {hit.get('text', '')}") for hit in hits]
    weights = {word: 1.0 / (1 + sum(word in passage for passage in passages)) for word in asked}
    total = sum(weights.values())
    return sum(weight for word, weight in weights.items() if word in found) / total if total else 0.0


def signals(question: str, search: Mapping[str, Any]) -> dict[str, float]:
    """The `SIGNALS` of a `search_documents` result for `question` (hits best first, with highlights and ranks)."""
    hits = list(search.get("hits", []))[:SHOWN_HITS]
    highlights = sorted((h for hit in hits for h in hit.get("highlights", [])), key=lambda h: -float(h["score"]))
    cited = " ".join(str(h["text"]) for h in highlights[:CITED])
    asked, names = _stems(question), _entities(question)
    found = _stems(cited)
    top = hits[0] if hits else {}
    scores = [float(hit["score"]) for hit in hits]
    return {
        "support": float(highlights[0]["score"]) if highlights else -1.0,
        "coverage": len(asked & found) / len(asked) if asked else 0.0,
        "entity_coverage": len(names & found) / len(names) if names else 1.0,
        "margin": scores[0] - scores[1] if len(scores) > 1 else (scores[0] if scores else 0.0),
        "dense_agreement": 1.0 / top["dense_rank"] if top.get("dense_rank") else 0.0,
        "bm25_agreement": 1.0 / top["bm25_rank"] if top.get("bm25_rank") else 0.0,
        "distinctive_coverage": _distinctive_coverage(asked, found, hits),
    }


def answerability(values: Mapping[str, float], weights: Mapping[str, float] = WEIGHTS, bias: float = BIAS) -> float:
    """The fitted probability that the answer is among the hits, from their `signals`."""
    z = bias + sum(weights[name] * values[name] for name in SIGNALS)
    return 1.0 / (1.0 + math.exp(-z))


def is_answerable(question: str, search: Mapping[str, Any], *, bar: float = BAR) -> bool:
    """Whether to answer from `search` rather than say the documents do not contain it."""
    return bool(search.get("hits")) and answerability(signals(question, search)) >= bar
