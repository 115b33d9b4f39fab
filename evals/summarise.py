"""Summarisation evaluation: ROUGE-1/2/L, compression and latency of the extractive summariser and of Lead-k."""

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from evals.report import EvalReport, markdown_table, read_jsonl
from tools.embeddings import configured_embedder
from tools.errors import InvalidInput
from tools.sentences import evidence_sentences
from tools.summarise import Source, SummaryLength, summarise_extractive

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")


def lead(document: str, k: int) -> str:
    """The Lead-k baseline: the document's first `k` sentences."""
    return " ".join(document[span.start : span.end] for span in evidence_sentences(document, limit=k))


def _scorer() -> Callable[[list[str], str], dict[str, float]]:
    from rouge_score import rouge_scorer  # lazy: only evaluations need it

    scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)

    def score(references: list[str], prediction: str) -> dict[str, float]:
        # Against several references, the best match counts (rouge-score's score_multi).
        scores = scorer.score_multi(references, prediction)
        return {kind: float(scores[kind].fmeasure) for kind in ROUGE_TYPES}

    return score


def _references(row: dict[str, Any], number: int) -> list[str]:
    references = row["references"]
    if isinstance(references, str):
        references = [references]
    if not isinstance(references, list) or not references or not all(isinstance(r, str) for r in references):
        raise InvalidInput(f"row {number} ({row.get('id')}): `references` must be a non-empty list of strings")
    return references


async def evaluate_summarise(data: Path, *, lead_k: int = 3) -> EvalReport:
    """Summarise every `document` of `data` (JSONL: id, document, references) extractively with the default
    length, and with Lead-`lead_k`; score both against the references with ROUGE F1.

    Raises:
        InvalidInput: unreadable data, or a row whose references are not a list of strings.
    """
    if lead_k < 1:
        raise InvalidInput(f"--lead must be at least 1, got {lead_k}")
    rows = list(read_jsonl(data, ("id", "document", "references")))
    embedder = configured_embedder()
    embedder.load()
    score = _scorer()
    systems: dict[str, list[dict[str, float]]] = {"extractive": [], f"lead-{lead_k}": []}
    items: list[dict[str, Any]] = []
    for number, row in enumerate(rows, start=1):
        references = _references(row, number)
        document = str(row["document"])
        started = time.perf_counter()
        summary = await summarise_extractive(embedder, [Source(str(row["id"]), "", document)], SummaryLength())
        ours_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        baseline = lead(document, lead_k)
        lead_ms = (time.perf_counter() - started) * 1000
        words = max(1, len(document.split()))
        item: dict[str, Any] = {"id": row["id"]}
        for name, prediction, latency in (("extractive", summary.text, ours_ms), (f"lead-{lead_k}", baseline, lead_ms)):
            measured = {**score(references, prediction), "compression": len(prediction.split()) / words}
            systems[name].append({**measured, "latency_ms": latency})
            item[name] = {"summary": prediction, **measured}
        items.append(item)
    summary_rows = {name: _mean(results) for name, results in systems.items()}
    header = ["system", "ROUGE-1", "ROUGE-2", "ROUGE-L", "compression", "latency ms (mean)", "latency ms (p95)"]
    table = markdown_table(
        header,
        [
            [name, m["rouge1"], m["rouge2"], m["rougeL"], m["compression"], m["latency_ms"], m["latency_ms_p95"]]
            for name, m in summary_rows.items()
        ],
    )
    table = f"{data.name}: {len(rows)} documents, ROUGE F1 (best over references, stemmed)\n\n{table}"
    return EvalReport(table, {"data": str(data), "documents": len(rows), "systems": summary_rows, "items": items})


def _mean(results: list[dict[str, float]]) -> dict[str, float]:
    if not results:
        return {key: 0.0 for key in (*ROUGE_TYPES, "compression", "latency_ms", "latency_ms_p95")}
    means = {key: float(np.mean([r[key] for r in results])) for key in results[0]}
    means["latency_ms_p95"] = float(np.percentile([r["latency_ms"] for r in results], 95))
    return means
