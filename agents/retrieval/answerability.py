"""Is the answer in what the search returned? A small logistic model over signals of the retrieval tool's result.

A close cosine alone says the passages are on the topic; the answer being there shows more ways: the cited
sentences contain the question's own content words and names, both retrievers (dense and BM25) put the passage
near the top, and it stands clear of the next passage. The weights are fitted on a dev set by
evals/answerability_fit.py and kept in agents/retrieval/answerability_weights.py.
"""

import math
import re
from collections.abc import Mapping, Sequence

from agents.retrieval.answerability_weights import BAR, BIAS, WEIGHTS
from tools.results.retrieval import SearchHit

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


def _distinctive_coverage(asked: set[str], found: set[str], hits: Sequence[SearchHit]) -> float:
    """Coverage with each question word weighted by how few shown hits contain it: words every hit shares are the
    topic, the rarer ones are what the question says about it."""
    passages = [_stems(f"{hit.title} {hit.text}") for hit in hits]
    weights = {word: 1.0 / (1 + sum(word in passage for passage in passages)) for word in asked}
    total = sum(weights.values())
    return sum(weight for word, weight in weights.items() if word in found) / total if total else 0.0


def signals(question: str, hits: Sequence[SearchHit]) -> dict[str, float]:
    """The `SIGNALS` of `search_documents` hits for `question` (best first, with highlights and ranks)."""
    shown = list(hits)[:SHOWN_HITS]
    highlights = sorted((h for hit in shown for h in hit.highlights), key=lambda h: -h.score)
    cited = " ".join(h.text for h in highlights[:CITED])
    asked, names = _stems(question), _entities(question)
    found = _stems(cited)
    top = shown[0] if shown else None
    scores = [hit.score for hit in shown]
    return {
        "support": highlights[0].score if highlights else -1.0,
        "coverage": len(asked & found) / len(asked) if asked else 0.0,
        "entity_coverage": len(names & found) / len(names) if names else 1.0,
        "margin": scores[0] - scores[1] if len(scores) > 1 else (scores[0] if scores else 0.0),
        "dense_agreement": 1.0 / top.dense_rank if top and top.dense_rank else 0.0,
        "bm25_agreement": 1.0 / top.bm25_rank if top and top.bm25_rank else 0.0,
        "distinctive_coverage": _distinctive_coverage(asked, found, shown),
    }


def answerability(values: Mapping[str, float], weights: Mapping[str, float] = WEIGHTS, bias: float = BIAS) -> float:
    """The fitted probability that the answer is among the hits, from their `signals`."""
    z = bias + sum(weights[name] * values[name] for name in SIGNALS)
    return 1.0 / (1.0 + math.exp(-z))


def is_answerable(question: str, hits: Sequence[SearchHit], *, bar: float = BAR) -> bool:
    """Whether to answer from `hits` rather than say the documents do not contain it."""
    return bool(hits) and answerability(signals(question, hits)) >= bar
