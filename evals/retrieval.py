"""Retrieval evaluation on a BEIR folder: dense, BM25, hybrid and hybrid+rerank side by side.

The corpus is ingested once into a throw-away collection keyed by the corpus's content hash, the embedding
model and the chunking policy, so a rerun skips the embedding. Chunks are ranked, then folded into documents
(a document ranks where its best chunk does), as BEIR scores documents.
"""

import hashlib
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import numpy as np

from agents.retrieval import ListwiseReranker
from evals.beir import DISTRACTOR_SEED, BeirSet, read_beir, with_distractors
from evals.data_files import read_rows
from evals.metrics import exact_match, mrr_at_k, ndcg_at_k, recall_at_k, token_f1
from evals.not_found import SHOWN_HITS, calibrate, off_topic_signals, support_signals
from evals.report import EvalReport, markdown_table
from evals.rows import OffTopicRow
from graph.models import build_chat_model
from graph.settings import SystemSettings
from tools.chunking import ChunkingPolicy
from tools.embeddings import Embedder, load_embedder
from tools.ingest import Ingestor, IngestReport
from tools.rerank import Reranker, RerankerSettings, configured_reranker
from tools.results.retrieval import SearchHit
from tools.search import DocumentSearch, reranked
from tools.settings import StoreSettings
from tools.vectorstore import SearchRequest
from tools.vectorstore.edge import EdgeVectorStore

CHUNK_CANDIDATES = 200  # chunks fetched per query, enough for Recall@100 over documents
INGEST_VERSION = "3"  # bump when chunk ids, texts or payloads change meaning

Pipeline = Callable[[str], Awaitable[list[SearchHit]]]


def documents_in_order(hits: list[SearchHit]) -> list[str]:
    """Document ids in the order of their best chunk."""
    seen: dict[str, None] = {}
    for hit in hits:
        seen.setdefault(hit.doc_id, None)
    return list(seen)


def cache_key(beir: BeirSet, embedder: Embedder, policy: ChunkingPolicy) -> str:
    digest = hashlib.sha256(beir.corpus_path.read_bytes())
    digest.update(f"{embedder.model_name}|{policy!r}|{INGEST_VERSION}".encode())
    if (
        beir.distractors is not None
    ):  # a drawn part of the corpus: its documents name it (the whole corpus keeps its key)
        digest.update(" ".join(sorted(document.doc_id for document in beir.documents)).encode())
    return digest.hexdigest()[:16]


async def open_indexed_corpus(beir: BeirSet, embedder: Embedder, cache_root: Path) -> EdgeVectorStore:
    """The corpus's collection, ingested now unless a complete earlier ingest is cached."""
    policy = ChunkingPolicy()
    folder = cache_root / cache_key(beir, embedder, policy)
    marker = folder / "complete"
    store = EdgeVectorStore.open(folder / "qdrant", dimension=embedder.dimension)
    if not marker.exists():
        total = len(beir.documents)

        def report(progress: IngestReport) -> None:
            rate = progress.chunks / max(progress.seconds, 1e-9)
            print(
                f"  ingested {progress.documents}/{total} documents, {progress.chunks} chunks ({rate:.1f} chunks/s)",
                file=sys.stderr,
            )

        print(f"indexing {total} documents into {folder} (cached for later runs)", file=sys.stderr)
        await Ingestor(embedder, store, policy).ingest(beir.documents, progress=report)
        marker.write_text("ok", encoding="utf-8")
    await store.optimize()  # queries are measured on the indexed collection, as served
    return store


async def score(beir: BeirSet, pipeline: Pipeline) -> dict[str, Any]:
    per_query: dict[str, dict[str, float]] = {}
    latencies: list[float] = []
    for query_id, text in beir.queries.items():
        started = time.perf_counter()
        ranked = documents_in_order(await pipeline(text))
        latencies.append((time.perf_counter() - started) * 1000)
        relevant = beir.qrels[query_id]
        per_query[query_id] = {
            "ndcg@10": ndcg_at_k(ranked, relevant, 10),
            "recall@100": recall_at_k(ranked, relevant, 100),
            "mrr@10": mrr_at_k(ranked, relevant, 10),
        }
    metrics = {
        name: float(np.mean([q[name] for q in per_query.values()])) for name in ("ndcg@10", "recall@100", "mrr@10")
    }
    metrics["latency_ms_p50"] = float(np.percentile(latencies, 50))
    metrics["latency_ms_p95"] = float(np.percentile(latencies, 95))
    return {"metrics": metrics, "per_query": per_query}


async def score_answers(beir: BeirSet, search: DocumentSearch) -> dict[str, Any]:
    """Exact match and token F1 of the best-supporting sentence against the best gold answer per question."""
    matches: list[float] = []
    f1s: list[float] = []
    for query_id, gold in beir.answers.items():
        if query_id not in beir.queries or not gold:
            continue
        hits = await search.search(beir.queries[query_id], limit=5, highlights=1)
        best = max((h for hit in hits for h in hit.highlights), key=lambda h: h.score, default=None)
        predicted = best.text if best else ""
        matches.append(max(float(exact_match(predicted, answer)) for answer in gold))
        f1s.append(max(token_f1(predicted, answer) for answer in gold))
    count = len(f1s)
    return {
        "questions": count,
        "exact_match": float(np.mean(matches)) if count else 0.0,
        "f1": float(np.mean(f1s)) if count else 0.0,
    }


async def hnsw_recall(beir: BeirSet, embedder: Embedder, store: EdgeVectorStore) -> float:
    """Share of the exact dense top-10 chunks that the HNSW index also returns, averaged over the queries."""
    vectors = await embedder.embed(list(beir.queries.values()))
    recalls = []
    for vector in vectors:
        approximate = {p.id for p in await store.search(SearchRequest(vector.tolist(), None, limit=10))}
        exact = {p.id for p in await store.search(SearchRequest(vector.tolist(), None, limit=10, exact=True))}
        recalls.append(len(approximate & exact) / max(len(exact), 1))
    return float(np.mean(recalls)) if recalls else 0.0


def second_stages() -> dict[str, Reranker]:
    """The optional rerankers configured in the environment: RELAYBOARD_RERANKER_* and, in generative mode
    (RELAYBOARD_LLM), LLM listwise reranking. Each becomes one more pipeline on top of hybrid+rerank."""
    found: dict[str, Reranker] = {}
    configured = configured_reranker()
    if configured is not None:
        found[configured.name] = configured
    model = build_chat_model(SystemSettings())
    if model is not None:
        listwise = ListwiseReranker(model)
        found[listwise.name] = listwise
    return found


def read_off_topic(path: Path) -> list[str]:
    """Questions from a JSONL file (`OffTopicRow`: `text` or `question` per line) that the corpus cannot answer.

    Raises:
        InvalidData: a missing or empty file, or a line with neither field as a non-blank string.
    """
    return [n.row.asked for n in read_rows(path, OffTopicRow, "a JSONL file of off-topic questions (--off-topic)")]


def read_corpus(data: Path, distractors: int | None) -> BeirSet:
    """The BEIR folder `data`, its corpus cut to the relevant documents plus `distractors` drawn others when given.

    Raises:
        InvalidData: an unreadable folder or a malformed file in it (`evals.beir.read_beir`).
        InvalidOption: more distractors than the corpus has, or fewer than 0.
    """
    beir = read_beir(data)
    return beir if distractors is None else with_distractors(beir, distractors)


async def evaluate_retrieval(data: Path, off_topic: Path | None = None, distractors: int | None = None) -> EvalReport:
    """nDCG@10, Recall@100, MRR@10 and latency for each retrieval pipeline on the BEIR folder `data`, and the
    not-found bar's calibration (with `off_topic` questions, a JSONL file, when given). With `distractors`, the
    corpus is every relevant document plus that many others (`evals.beir.with_distractors`), else all of it."""
    beir = read_corpus(data, distractors)
    off_topic_questions = read_off_topic(off_topic) if off_topic else None
    embedder = await load_embedder()
    store = await open_indexed_corpus(beir, embedder, StoreSettings().data_dir / "eval-cache")
    search = DocumentSearch(embedder, store)
    pipelines: dict[str, Pipeline] = {
        "dense": lambda q: search.retrieve(q, mode="dense", limit=CHUNK_CANDIDATES),
        "bm25": lambda q: search.retrieve(q, mode="bm25", limit=CHUNK_CANDIDATES),
        "hybrid": lambda q: search.retrieve(q, mode="hybrid", limit=CHUNK_CANDIDATES, rerank=False),
        "hybrid+rerank": lambda q: search.retrieve(q, mode="hybrid", limit=CHUNK_CANDIDATES, rerank=True),
        "hybrid+mmr": lambda q: search.retrieve(q, mode="hybrid", limit=CHUNK_CANDIDATES, mmr_diversity=0.3),
    }
    top_n = RerankerSettings().top_n
    for name, reranker in second_stages().items():

        async def second_stage(query: str, reranker: Reranker = reranker) -> list[SearchHit]:
            hits = await search.retrieve(query, mode="hybrid", limit=CHUNK_CANDIDATES, rerank=True)
            return await reranked(reranker, query, hits, top_n)

        pipelines[f"hybrid+rerank+{name}"] = second_stage
    results: dict[str, Any] = {}
    try:
        for name, pipeline in pipelines.items():
            results[name] = await score(beir, pipeline)
        answers = await score_answers(beir, DocumentSearch(embedder, store)) if beir.answers else None
        index_recall = await hnsw_recall(beir, embedder, store)
        support = await support_signals(beir, DocumentSearch(embedder, store))
        if off_topic_questions:
            support = replace(support, off_topic=await off_topic_signals(off_topic_questions, search))
    finally:
        await store.close()
    header = ["pipeline", "nDCG@10", "Recall@100", "MRR@10", "p50 ms", "p95 ms"]
    rows = [
        [name, m["ndcg@10"], m["recall@100"], m["mrr@10"], m["latency_ms_p50"], m["latency_ms_p95"]]
        for name, m in ((name, r["metrics"]) for name, r in results.items())
    ]
    table = f"{len(beir.queries)} queries, {beir.corpus_description} ({embedder.model_name})\n\n"
    table += markdown_table(header, rows)
    table += f"\n\nDense HNSW recall@10 against exact search on these queries: {index_recall:.3f}"
    if answers is not None:
        table += (
            f"\n\nExtractive answers ({answers['questions']} questions with gold answers): "
            f"exact match {answers['exact_match']:.3f}, token F1 {answers['f1']:.3f}"
        )
    bar_table, bars = calibrate(support, SystemSettings().retrieval_min_support)
    table += f"\n\nNot found (best sentence support of the top {SHOWN_HITS} hits, and the answerability model):"
    table += f"\n\n{bar_table}"
    summary = {name: r["metrics"] for name, r in results.items()}
    return EvalReport(
        table,
        {
            "queries": len(beir.queries),
            "documents": len(beir.documents),
            "distractors": beir.distractors,
            "distractor_seed": DISTRACTOR_SEED if beir.distractors is not None else None,
            "model": embedder.model_name,
            "pipelines": summary,
            "per_query": {name: r["per_query"] for name, r in results.items()},
            "answers": answers,
            "hnsw_recall@10": index_recall,
            "not_found_bar": bars,
            "not_found_signals": asdict(support),
        },
    )
