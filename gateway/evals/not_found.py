"""Calibrating the "not found in the indexed documents" bar on a BEIR set.

An answerable question is a query as asked: its relevant documents are indexed. An unanswerable one is the same
query with its relevant documents taken out of the results (as if they had never been ingested), so both sides
share the query's wording and domain and only the presence of the answer differs. The agent's bar is a cosine
between the query and its best-supporting sentence; a good bar keeps the first and declines the second.
"""

from dataclasses import dataclass

import numpy as np

from gateway.evals.beir import BeirSet
from gateway.evals.report import markdown_table
from tools.search import DocumentSearch, SearchHit

SHOWN_HITS = 5  # the retrieval agent cites from its top five hits
POOL = 30  # hits fetched so five non-relevant ones remain after the relevant ones are taken out
BARS = [round(0.15 + 0.05 * step, 2) for step in range(11)]


@dataclass(frozen=True, slots=True)
class SupportScores:
    """Best sentence support per query, with the answer indexed (answerable) and taken out (unanswerable)."""

    answerable: list[float]
    unanswerable: list[float]


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


def calibrate(scores: SupportScores, current: float) -> tuple[str, dict[str, object]]:
    """A Markdown table of each bar's kept/declined shares, and the bar with the best balanced accuracy."""
    kept = np.asarray(scores.answerable)
    faked = np.asarray(scores.unanswerable)
    rows: list[list[object]] = []
    by_bar: dict[str, dict[str, float]] = {}
    for bar in sorted({*BARS, current}):
        answered = float(np.mean(kept >= bar))
        declined = float(np.mean(faked < bar))
        by_bar[f"{bar:.2f}"] = {"answerable_answered": answered, "unanswerable_declined": declined}
        rows.append(
            [f"{bar:.2f}" + (" (current)" if bar == current else ""), answered, declined, (answered + declined) / 2]
        )
    best = max(by_bar, key=lambda bar: by_bar[bar]["answerable_answered"] + by_bar[bar]["unanswerable_declined"])
    table = markdown_table(["bar", "answerable answered", "unanswerable declined", "balanced accuracy"], rows)
    medians = f"median best support: answerable {np.median(kept):.3f}, answer taken out {np.median(faked):.3f}"
    return f"{table}\n\n{medians}; best balanced accuracy at {best}", {"bars": by_bar, "best_bar": float(best)}
