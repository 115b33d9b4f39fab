"""Calibrating "not found in the indexed documents" on a BEIR set: the cosine bar and the answerability model.

An answerable question is a query as asked: its relevant documents are indexed. Two kinds of unanswerable one:
off-topic questions (`--off-topic FILE`, questions about something the corpus does not cover), and the same
query with its relevant documents taken out of the results (as if never ingested: they leave the hits and both
retrievers' rankings), which shares the query's wording and topic and differs only in whether the answer is
there. A cosine bar between the question and its best sentence tells off-topic from on-topic; the answerability
model (agents/retrieval/answerability.py) adds the question's words found in the cited sentences, agreement of
the dense and BM25 retrievers and the margin to the next passage, to tell "the topic is here but not the answer".
"""

from dataclasses import dataclass

import numpy as np

from agents.retrieval.answerability import SHOWN_HITS as SHOWN_HITS
from agents.retrieval.answerability import answerability, signals
from agents.retrieval.answerability_weights import BAR
from evals.beir import BeirSet
from evals.report import markdown_table
from tools.results.retrieval import RANK_DEPTH, SearchHit
from tools.search import DocumentSearch, with_retriever_ranks

POOL = 30  # hits fetched so five non-relevant ones remain after the relevant ones are taken out
BARS = [round(0.15 + 0.05 * step, 2) for step in range(11)]
HIGHLIGHTS = 2  # as the retrieval agent asks


@dataclass(frozen=True, slots=True)
class Signals:
    """Answerability signals per query, with the answer indexed (answerable) and taken out (unanswerable)."""

    answerable: list[dict[str, float]]
    unanswerable: list[dict[str, float]]
    off_topic: list[dict[str, float]] | None = None
    answer_shown: list[bool] | None = None
    """Per answerable query, whether one of its relevant documents is among the shown hits at all."""


async def _shown_hits(search: DocumentSearch, text: str, removed: set[str]) -> list[SearchHit]:
    """The hits the retrieval agent would be shown for `text`, with the documents `removed` never indexed."""
    hits = [hit for hit in await search.search(text, limit=POOL, highlights=HIGHLIGHTS) if hit.doc_id not in removed]
    depth = RANK_DEPTH + POOL  # still `RANK_DEPTH` deep once the removed documents' chunks are out
    dense = [h.chunk_id for h in await search.retrieve(text, mode="dense", limit=depth) if h.doc_id not in removed]
    bm25 = [h.chunk_id for h in await search.retrieve(text, mode="bm25", limit=depth) if h.doc_id not in removed]
    return with_retriever_ranks(hits[:SHOWN_HITS], dense[:RANK_DEPTH], bm25[:RANK_DEPTH])


async def _signals(search: DocumentSearch, text: str, removed: set[str]) -> dict[str, float]:
    return signals(text, await _shown_hits(search, text, removed))


async def support_signals(beir: BeirSet, search: DocumentSearch) -> Signals:
    answerable: list[dict[str, float]] = []
    unanswerable: list[dict[str, float]] = []
    shown: list[bool] = []
    for query_id, text in beir.queries.items():
        relevant = {doc for doc, grade in beir.qrels.get(query_id, {}).items() if grade > 0}
        hits = await _shown_hits(search, text, set())
        answerable.append(signals(text, hits))
        shown.append(any(hit.doc_id in relevant for hit in hits))
        unanswerable.append(await _signals(search, text, relevant))
    return Signals(answerable, unanswerable, answer_shown=shown)


def judge_ceiling(shown: float, answered: float) -> tuple[float, float]:
    """(answerable answered, answer removed declined) of a perfect judge of the shown hits held to answering
    `answered` of the answerable questions, when a share `shown` of them has a relevant document among its hits.

    It answers every question whose answer is shown. To reach `answered` it must also answer some whose answer was
    indexed but not retrieved; their hits hold no answer, so it cannot tell them from answer-removed questions and
    answers the same share of those. No judge that reads only the hits does better: this bounds the "not found"
    figures from above, whatever the signals.
    """
    if shown >= answered:
        return shown, 1.0
    extra = (answered - shown) / (1 - shown)
    return answered, 1 - extra


async def off_topic_signals(questions: list[str], search: DocumentSearch) -> list[dict[str, float]]:
    """Signals of questions the corpus cannot answer."""
    return [await _signals(search, question, set()) for question in questions]


def calibrate(scores: Signals, current: float) -> tuple[str, dict[str, object]]:
    """A Markdown table of each cosine bar's answered/declined shares and the answerability model's at its bar,
    and the bar with the best balanced accuracy (answerable vs off-topic when off-topic questions were given,
    else vs answer removed)."""
    kept = np.asarray([s["support"] for s in scores.answerable])
    removed = np.asarray([s["support"] for s in scores.unanswerable])
    off = np.asarray([s["support"] for s in scores.off_topic]) if scores.off_topic else None
    header = ["bar", "answerable answered"] + (["off-topic declined"] if off is not None else [])
    header += ["answer removed declined", "balanced accuracy"]
    header += ["balanced accuracy (answer removed)"] if off is not None else []
    rows: list[list[object]] = []
    by_bar: dict[str, dict[str, float]] = {}
    for bar in sorted({*BARS, current}):
        off_declined = float(np.mean(off < bar)) if off is not None else None
        shares = _decision_shares(float(np.mean(kept >= bar)), off_declined, float(np.mean(removed < bar)))
        by_bar[f"{bar:.2f}"] = shares
        rows.append([f"{bar:.2f}" + (" (current)" if bar == current else ""), *shares.values()])
    model = _model_shares(scores)
    rows.append([f"answerability model, p >= {BAR:.2f} (used)", *model.values()])
    ceiling: dict[str, float] | None = None
    if scores.answer_shown:
        ceiling = _ceiling_shares(scores.answer_shown, model["answerable_answered"], off is not None)
        rows.append(["a perfect judge of the shown hits, answering as many (ceiling)", *ceiling.values()])
    best = max(by_bar, key=lambda bar: by_bar[bar]["balanced_accuracy"])
    medians = f"median best support: answerable {np.median(kept):.3f}"
    if off is not None:
        medians += f", off-topic {np.median(off):.3f}"
    medians += f", answer removed {np.median(removed):.3f}; best cosine bar {best}"
    found = {"bars": by_bar, "best_bar": float(best), "model": model}
    return f"{markdown_table(header, rows)}\n\n{medians}", found | ({"ceiling": ceiling} if ceiling else {})


def _ceiling_shares(answer_shown: list[bool], answered: float, off_topic: bool) -> dict[str, float]:
    kept, declined = judge_ceiling(float(np.mean(answer_shown)), answered)
    # An off-topic question's hits hold no answer either.
    return _decision_shares(kept, declined if off_topic else None, declined)


def _model_shares(scores: Signals) -> dict[str, float]:
    def answered(values: list[dict[str, float]]) -> float:
        return float(np.mean([answerability(v) >= BAR for v in values])) if values else 0.0

    off_topic = 1 - answered(scores.off_topic) if scores.off_topic else None
    return _decision_shares(answered(scores.answerable), off_topic, 1 - answered(scores.unanswerable))


def _decision_shares(kept: float, off_topic_declined: float | None, removed_declined: float) -> dict[str, float]:
    """A decision's row: balanced accuracy against off-topic questions when there are any, else answer-removed."""
    shares = {"answerable_answered": kept}
    if off_topic_declined is not None:
        shares["off_topic_declined"] = off_topic_declined
    shares["answer_removed_declined"] = removed_declined
    negatives = removed_declined if off_topic_declined is None else off_topic_declined
    shares["balanced_accuracy"] = (kept + negatives) / 2
    if off_topic_declined is not None:
        shares["balanced_accuracy_answer_removed"] = (kept + removed_declined) / 2
    return shares
