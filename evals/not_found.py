"""Calibrating the "not found in the indexed documents" bar on a BEIR set.

An answerable question is a query as asked: its relevant documents are indexed. Two kinds of unanswerable one:
off-topic questions (`--off-topic FILE`, questions about something the corpus does not cover), and the same
query with its relevant documents taken out of the results (as if never ingested), which shares the query's
wording and topic and differs only in whether the answer is there. The agent's bar is a cosine between the
question and its best-supporting sentence: it can tell off-topic from on-topic; telling "the topic is here but
not the answer" needs a reader model, so the removed-answer column shows the limit of a similarity bar.
"""

from dataclasses import dataclass

import numpy as np

from evals.beir import BeirSet
from evals.report import markdown_table
from tools.search import DocumentSearch, SearchHit

SHOWN_HITS = 5  # the retrieval agent cites from its top five hits
POOL = 30  # hits fetched so five non-relevant ones remain after the relevant ones are taken out
BARS = [round(0.15 + 0.05 * step, 2) for step in range(11)]


@dataclass(frozen=True, slots=True)
class SupportScores:
    """Best sentence support per query, with the answer indexed (answerable) and taken out (unanswerable)."""

    answerable: list[float]
    unanswerable: list[float]
    off_topic: list[float] | None = None


def _best_support(hits: list[SearchHit]) -> float:
    return max((h.score for hit in hits[:SHOWN_HITS] for h in hit.highlights), default=-1.0)


async def support_scores(beir: BeirSet, search: DocumentSearch) -> SupportScores:
    answerable: list[float] = []
    unanswerable: list[float] = []
    for query_id, text in beir.queries.items():
        relevant = {doc for doc, grade in beir.qrels.get(query_id, {}).items() if grade > 0}
        hits = await search.search(text, limit=POOL, highlights=1)
        answerable.append(_best_support(hits))
        unanswerable.append(_best_support([hit for hit in hits if hit.doc_id not in relevant]))
    return SupportScores(answerable, unanswerable)


async def off_topic_scores(questions: list[str], search: DocumentSearch) -> list[float]:
    """Best sentence support of questions the corpus cannot answer."""
    return [_best_support(await search.search(question, limit=SHOWN_HITS, highlights=1)) for question in questions]


def calibrate(scores: SupportScores, current: float) -> tuple[str, dict[str, object]]:
    """A Markdown table of each bar's answered/declined shares, and the bar with the best balanced accuracy
    (answerable vs off-topic when off-topic questions were given, else vs answer removed)."""
    kept = np.asarray(scores.answerable)
    removed = np.asarray(scores.unanswerable)
    off = np.asarray(scores.off_topic) if scores.off_topic else None
    negatives = off if off is not None else removed
    header = ["bar", "answerable answered"] + (["off-topic declined"] if off is not None else [])
    header += ["answer removed declined", "balanced accuracy"]
    rows: list[list[object]] = []
    by_bar: dict[str, dict[str, float]] = {}
    for bar in sorted({*BARS, current}):
        shares = {"answerable_answered": float(np.mean(kept >= bar))}
        if off is not None:
            shares["off_topic_declined"] = float(np.mean(off < bar))
        shares["answer_removed_declined"] = float(np.mean(removed < bar))
        shares["balanced_accuracy"] = (shares["answerable_answered"] + float(np.mean(negatives < bar))) / 2
        by_bar[f"{bar:.2f}"] = shares
        rows.append([f"{bar:.2f}" + (" (current)" if bar == current else ""), *shares.values()])
    best = max(by_bar, key=lambda bar: by_bar[bar]["balanced_accuracy"])
    medians = f"median best support: answerable {np.median(kept):.3f}"
    if off is not None:
        medians += f", off-topic {np.median(off):.3f}"
    medians += f", answer removed {np.median(removed):.3f}; best balanced accuracy at {best}"
    return f"{markdown_table(header, rows)}\n\n{medians}", {"bars": by_bar, "best_bar": float(best)}
