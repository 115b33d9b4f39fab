"""Summarisation evaluation: ROUGE-1/2/L, compression and latency of the extractive summariser and of Lead-k,
at our default length and at the baseline's length.

Lead-k takes the first k sentences: k = 1 for a row whose references are all one sentence (XSum- or TLDR-style),
else 3 (news highlights), unless `--lead` fixes it. "extractive@lead" is our summariser asked for exactly the
baseline's number of sentences, so a win or a loss there is not a matter of length. `--longest PERCENT` keeps only
the longest documents of the set (by words), to see whether a win holds on long inputs.
"""

import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from evals.data_files import read_rows, require_unique
from evals.embedding_cache import CachedEmbedder
from evals.report import EvalReport, markdown_table
from evals.rows import SummaryRow
from tools.embeddings import Embedder, configured_embedder
from tools.errors import InvalidOption
from tools.sentences import evidence_sentences, split_sentences
from tools.settings import StoreSettings
from tools.summarise.extractive import summarise_extractive
from tools.summarise.length import SummaryLength
from tools.summarise.units import Source
from tools.summarise.weights import WEIGHTS

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")
MULTI_SENTENCE_LEAD = 3
LATENCY_NOTE = (
    "Latency is the summariser's with each document's sentences embedded beforehand (embedding excluded, so a cold "
    "and a warm cache time the same); `make bench` times a summary end to end."
)
Score = Callable[[list[str], str], dict[str, float]]


def lead(document: str, k: int) -> str:
    """The Lead-k baseline: the document's first `k` sentences."""
    return " ".join(document[span.start : span.end] for span in evidence_sentences(document, limit=k))


def lead_size(references: list[str]) -> int:
    """1 when every reference is a single sentence, else `MULTI_SENTENCE_LEAD`."""
    return 1 if all(len(split_sentences(reference)) <= 1 for reference in references) else MULTI_SENTENCE_LEAD


def rouge() -> Score:
    """ROUGE F1 of a prediction against its best-matching reference (stemmed, as rouge-score's score_multi)."""
    from rouge_score import rouge_scorer  # lazy: only evaluations need it

    scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)

    def score(references: list[str], prediction: str) -> dict[str, float]:
        scores = scorer.score_multi(references, prediction)
        return {kind: float(scores[kind].fmeasure) for kind in ROUGE_TYPES}

    return score


def read_summary_rows(data: Path) -> list[SummaryRow]:
    """The rows of a summarisation JSONL file (`SummaryRow`), their ids unique.

    Raises:
        InvalidData: the file is missing or empty, a row is not a `SummaryRow`, or an id repeats.
    """
    numbered = read_rows(data, SummaryRow, "a JSONL file of summarisation rows (--data)")
    return [n.row for n in require_unique(data, numbered, "id", lambda row: row.id)]


def longest(rows: list[SummaryRow], percent: float) -> list[SummaryRow]:
    """The `percent`% longest rows by the document's words (at least one), in their order in the file.

    Raises:
        InvalidOption: `percent` is not above 0 and at most 100.
    """
    if not 0 < percent <= 100:
        raise InvalidOption(f"--longest must be a percentage above 0 and at most 100, got {percent:g}")
    count = max(1, round(len(rows) * percent / 100))
    by_length = sorted(range(len(rows)), key=lambda i: -len(rows[i].document.split()))
    kept = set(by_length[:count])
    return [row for i, row in enumerate(rows) if i in kept]


def eval_embedder() -> CachedEmbedder:
    """The configured embedder behind a vector cache in the data directory's eval-cache."""
    embedder = configured_embedder()
    embedder.load()
    return CachedEmbedder(embedder, StoreSettings().data_dir / "eval-cache" / "summarise")


async def score_rows(
    rows: list[SummaryRow],
    embedder: Embedder,
    score: Score,
    *,
    lead_k: int | None = None,
    weights: Mapping[str, float] = WEIGHTS,
) -> tuple[dict[str, list[dict[str, float]]], list[dict[str, Any]]]:
    """Per system ("extractive", "extractive@lead", "lead"), each row's ROUGE, compression and latency; and the
    rows' summaries.

    Latency is the summariser's over sentence vectors already in `embedder`: each document is summarised once
    untimed first, so its sentences are embedded before the clock starts. Otherwise the first system timed on a
    row would pay for embedding and the second would not, and a rerun over a warm cache would look faster.
    """
    systems: dict[str, list[dict[str, float]]] = {"extractive": [], "extractive@lead": [], "lead": []}
    items: list[dict[str, Any]] = []
    for row in rows:
        references, document = row.references, row.document
        k = lead_k or lead_size(references)
        source = [Source(row.id, row.title or "", document)]
        item: dict[str, Any] = {"id": row.id, "lead_k": k}
        await summarise_extractive(embedder, source, SummaryLength(), weights=weights)  # embeds, untimed
        for name, length in (("extractive", SummaryLength()), ("extractive@lead", SummaryLength(max_sentences=k))):
            started = time.perf_counter()
            summary = await summarise_extractive(embedder, source, length, weights=weights)
            item[name] = (summary.text, (time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        item["lead"] = (lead(document, k), (time.perf_counter() - started) * 1000)
        words = max(1, len(document.split()))
        for name in systems:
            prediction, latency = item[name]
            measured = {**score(references, prediction), "compression": len(prediction.split()) / words}
            systems[name].append({**measured, "latency_ms": latency})
            item[name] = {"summary": prediction, **measured}
        items.append(item)
    return systems, items


async def evaluate_summarise(
    data: Path, *, lead_k: int | None = None, longest_percent: float | None = None
) -> EvalReport:
    """Summarise every `document` of `data` (JSONL: id, document, references[, title]) extractively at the
    default length and at Lead-k's length, and with Lead-k; score all three against the references (ROUGE F1).
    With `longest_percent`, only that share of the longest documents.

    Raises:
        InvalidData: the file is missing or empty, or a row is not a `SummaryRow` (`evals.rows`).
        InvalidOption: `lead_k` below 1, or `longest_percent` outside (0, 100].
    """
    if lead_k is not None and lead_k < 1:
        raise InvalidOption(f"--lead must be a whole number of sentences, at least 1, got {lead_k}")
    rows = read_summary_rows(data)
    total, scope = len(rows), ""
    if longest_percent is not None:
        rows = longest(rows, longest_percent)
        shortest = min(len(row.document.split()) for row in rows)
        scope = f" (the longest {longest_percent:g}% of {total}: {shortest} words and more)"
    embedder = eval_embedder()
    try:
        systems, items = await score_rows(rows, embedder, rouge(), lead_k=lead_k)
    finally:
        embedder.save()
    ks = sorted({item["lead_k"] for item in items})
    lead_name = "lead-" + "/".join(str(k) for k in ks)
    names = {"extractive": "extractive", "extractive@lead": f"extractive@{lead_name}", "lead": lead_name}
    summary_rows = {names[name]: _mean(results) for name, results in systems.items()}
    header = ["system", "ROUGE-1", "ROUGE-2", "ROUGE-L", "compression", "latency ms (mean)", "latency ms (p95)"]
    table = markdown_table(
        header,
        [
            [name, m["rouge1"], m["rouge2"], m["rougeL"], m["compression"], m["latency_ms"], m["latency_ms_p95"]]
            for name, m in summary_rows.items()
        ],
    )
    chosen = (
        f"k={lead_k} (--lead)" if lead_k is not None else f"k=1 for one-sentence references, else {MULTI_SENTENCE_LEAD}"
    )
    table = (
        f"{data.name}: {len(rows)} documents{scope}, ROUGE F1 (best over references, stemmed); Lead-k takes "
        f"{chosen}\n\n{table}\n\n{LATENCY_NOTE}"
    )
    result = {
        "data": str(data),
        "documents": len(rows),
        "longest_percent": longest_percent,
        "lead_k": lead_k,
        "latency": "summariser only, sentences embedded beforehand",
    }
    return EvalReport(table, {**result, "systems": summary_rows, "items": items})


def _mean(results: list[dict[str, float]]) -> dict[str, float]:
    means = {key: float(np.mean([r[key] for r in results])) for key in results[0]}
    means["latency_ms_p95"] = float(np.percentile([r["latency_ms"] for r in results], 95))
    return means
