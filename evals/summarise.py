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

from evals.embedding_cache import CachedEmbedder
from evals.report import EvalReport, markdown_table, read_jsonl
from tools.embeddings import Embedder, configured_embedder
from tools.errors import InvalidInput
from tools.sentences import evidence_sentences, split_sentences
from tools.settings import StoreSettings
from tools.summarise.extractive import summarise_extractive
from tools.summarise.length import SummaryLength
from tools.summarise.units import Source
from tools.summarise.weights import WEIGHTS

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")
MULTI_SENTENCE_LEAD = 3
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


def references_of(row: dict[str, Any], number: int) -> list[str]:
    """The row's references as a list.

    Raises:
        InvalidInput: `references` is neither a string nor a non-empty list of strings.
    """
    references = row["references"]
    if isinstance(references, str):
        references = [references]
    if not isinstance(references, list) or not references or not all(isinstance(r, str) for r in references):
        raise InvalidInput(f"row {number} ({row.get('id')}): `references` must be a non-empty list of strings")
    return references


def read_rows(data: Path) -> list[dict[str, Any]]:
    """The rows of a summarisation JSONL file, each with its references checked.

    Raises:
        InvalidInput: unreadable data, or a row whose references are not a list of strings.
    """
    rows = list(read_jsonl(data, ("id", "document", "references")))
    for number, row in enumerate(rows, start=1):
        row["references"] = references_of(row, number)
    return rows


def longest(rows: list[dict[str, Any]], percent: float) -> list[dict[str, Any]]:
    """The `percent`% longest rows by the document's words (at least one), in their order in the file.

    Raises:
        InvalidInput: `percent` is not above 0 and at most 100.
    """
    if not 0 < percent <= 100:
        raise InvalidInput(f"--longest takes a percentage above 0 and at most 100, got {percent:g}")
    count = max(1, round(len(rows) * percent / 100))
    by_length = sorted(range(len(rows)), key=lambda i: -len(str(rows[i]["document"]).split()))
    kept = set(by_length[:count])
    return [row for i, row in enumerate(rows) if i in kept]


def eval_embedder() -> CachedEmbedder:
    """The configured embedder behind a vector cache in the data directory's eval-cache."""
    embedder = configured_embedder()
    embedder.load()
    return CachedEmbedder(embedder, StoreSettings().data_dir / "eval-cache" / "summarise")


async def score_rows(
    rows: list[dict[str, Any]],
    embedder: Embedder,
    score: Score,
    *,
    lead_k: int | None = None,
    weights: Mapping[str, float] = WEIGHTS,
) -> tuple[dict[str, list[dict[str, float]]], list[dict[str, Any]]]:
    """Per system ("extractive", "extractive@lead", "lead"), each row's ROUGE, compression and latency; and the
    rows' summaries."""
    systems: dict[str, list[dict[str, float]]] = {"extractive": [], "extractive@lead": [], "lead": []}
    items: list[dict[str, Any]] = []
    for row in rows:
        references, document = row["references"], str(row["document"])
        k = lead_k or lead_size(references)
        source = [Source(str(row["id"]), str(row.get("title") or ""), document)]
        item: dict[str, Any] = {"id": row["id"], "lead_k": k}
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
        InvalidInput: unreadable data, a row whose references are not a list of strings, `lead_k` below 1, or
            `longest_percent` outside (0, 100].
    """
    if lead_k is not None and lead_k < 1:
        raise InvalidInput(f"--lead must be at least 1, got {lead_k}")
    rows = read_rows(data)
    total, scope = len(rows), ""
    if longest_percent is not None:
        rows = longest(rows, longest_percent)
        shortest = min(len(str(row["document"]).split()) for row in rows)
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
    table = (
        f"{data.name}: {len(rows)} documents{scope}, ROUGE F1 (best over references, stemmed); Lead-k takes k=1 for "
        f"one-sentence references, else {MULTI_SENTENCE_LEAD}\n\n{table}"
    )
    result = {"data": str(data), "documents": len(rows), "longest_percent": longest_percent}
    return EvalReport(table, {**result, "systems": summary_rows, "items": items})


def _mean(results: list[dict[str, float]]) -> dict[str, float]:
    if not results:
        return {key: 0.0 for key in (*ROUGE_TYPES, "compression", "latency_ms", "latency_ms_p95")}
    means = {key: float(np.mean([r[key] for r in results])) for key in results[0]}
    means["latency_ms_p95"] = float(np.percentile([r["latency_ms"] for r in results], 95))
    return means
