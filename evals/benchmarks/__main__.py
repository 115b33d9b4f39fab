"""`make bench`: gateway round trip, the MCP hop's cost, and ingest vs raw encode throughput, in one run.

Every loop is bounded in count; servers listen on 127.0.0.1 on free ports and are stopped at the end.
"""

import asyncio
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path

import httpx
import numpy as np

from evals.benchmarks import concurrency, corpus_round_trip, cpu_per_request, governance, mcp_edge, scale, summarise
from evals.harness.processes import serving_gateway, serving_mcp_servers, system_environment, wait_until

REPO = Path(__file__).resolve().parents[2]
SCIFACT = REPO.parent / "shared" / "data" / "retrieval" / "scifact" / "corpus.jsonl"
ROUND_TRIPS = 30
HOP_CALLS = 40
INGEST_DOCS = 300


def percentiles(samples_ms: list[float]) -> tuple[float, float]:
    return float(np.percentile(samples_ms, 50)), float(np.percentile(samples_ms, 95))


async def timed(call: Callable[[], Awaitable[object]], count: int) -> list[float]:
    await call()  # warm-up
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        await call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def gateway_round_trip(data_dir: Path) -> dict[str, tuple[float, float]]:
    questions = {
        "sql (curated)": "How many invoices were issued in 2010?",
        "retrieval": "How does the retrieval agent rank results?",
        "summarise": "Summarise this: The council met on Tuesday. Residents raised concerns about parking. "
        "Cyclists argued the lanes would reduce accidents. The council agreed to a trial.",
        "two-step": "Find the docs about tracing and summarise them",
    }
    results: dict[str, tuple[float, float]] = {}
    with serving_gateway(system_environment(data_dir), data_dir / "bench-gateway.log") as url:
        with httpx.Client(timeout=60) as client:
            for label, question in questions.items():
                client.post(f"{url}/v1/ask", json={"question": question}).raise_for_status()
                samples = []
                for _ in range(ROUND_TRIPS):
                    started = time.perf_counter()
                    client.post(f"{url}/v1/ask", json={"question": question}).raise_for_status()
                    samples.append((time.perf_counter() - started) * 1000)
                results[label] = percentiles(samples)
    return results


async def mcp_hop(data_dir: Path) -> dict[str, tuple[tuple[float, float], tuple[float, float]]]:
    """The same tool called through MCP over stdio vs its function called in process."""
    from fastmcp import Client
    from fastmcp.client.transports import StdioTransport

    from agents.contracts import CallScope
    from agents.mcp_client import ServerTarget, open_toolbox
    from tools.embeddings import configured_embedder
    from tools.search import DocumentSearch
    from tools.settings import SqlSettings, StoreSettings
    from tools.sql.database import open_database
    from tools.vectorstore.edge import EdgeVectorStore

    results: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {}
    sql, query = "SELECT COUNT(*) FROM Invoice", "How are search results ranked?"
    database = open_database(SqlSettings(database=str(data_dir / "chinook.sqlite"), row_limit=200, timeout_s=5))
    direct_sql = await timed(lambda: database.run(sql), HOP_CALLS)
    embedder = configured_embedder()
    embedder.load()
    store = EdgeVectorStore.open(StoreSettings(data_dir=data_dir).edge_path, dimension=embedder.dimension)
    search = DocumentSearch(embedder, store)
    direct_search = await timed(lambda: search.search(query, limit=5), HOP_CALLS)
    await store.close()  # the retrieval server opens the same collection next

    for server, tool_name, arguments, direct in (
        ("sql", "run_query", {"sql": sql}, direct_sql),
        ("retrieval", "search_documents", {"query": query, "limit": 5}, direct_search),
    ):
        transport = StdioTransport(
            command=sys.executable,
            args=["-m", f"mcp_servers.{server}"],
            env=system_environment(data_dir),
            cwd=str(REPO),
        )
        async with open_toolbox(ServerTarget(f"relayboard-{server}", "sql", Client(transport))) as toolbox:
            over_mcp = await timed(partial(toolbox.call, tool_name, arguments, CallScope()), HOP_CALLS)
        results[tool_name] = (percentiles(over_mcp), percentiles(direct))
    return results


async def ingest_vs_encode(work: Path) -> dict[str, object]:
    from tools.chunking import ChunkingPolicy
    from tools.documents import SourceDocument
    from tools.embeddings import configured_embedder
    from tools.ingest import MAX_SENTENCES, Ingestor, prepare
    from tools.sentences import evidence_sentences
    from tools.vectorstore.edge import EdgeVectorStore

    if SCIFACT.exists():
        rows = [json.loads(line) for line in SCIFACT.open(encoding="utf-8")][:INGEST_DOCS]
        documents = [SourceDocument(r["_id"], r["title"], r["text"], markdown=False) for r in rows]
        corpus = f"SciFact, first {len(documents)} abstracts"
    else:
        documents = [
            SourceDocument(f"{p.name}#{i}", p.stem, p.read_text(), markdown=True)
            for i in range(30)
            for p in sorted((REPO / "docs").glob("*.md"))
        ]
        corpus = f"docs/ x30 ({len(documents)} documents; ../shared/data absent)"
    # Exactly the texts ingest embeds: every chunk (with its title/section context) and its sentences.
    prepared = [item for document in documents for item in prepare(document, ChunkingPolicy())]
    texts = [text for _, _, text in prepared] + [
        chunk.text[span.start : span.end]
        for _, chunk, _ in prepared
        for span in evidence_sentences(chunk.text, limit=MAX_SENTENCES)
    ]
    embedder = configured_embedder()
    embedder.load()
    embedder.encode(texts[:64])  # warm-up
    started = time.perf_counter()
    embedder.encode(texts)
    encode_seconds = time.perf_counter() - started
    store = EdgeVectorStore.open(work / "ingest-bench", dimension=embedder.dimension)
    report = await Ingestor(embedder, store).ingest(documents)
    await store.close()
    return {
        "corpus": corpus,
        "chunks": report.chunks,
        "texts": len(texts),
        "encode_texts_per_s": len(texts) / encode_seconds,
        "ingest_texts_per_s": len(texts) / report.seconds,
        "ingest_chunks_per_s": report.chunks / report.seconds,
        "model": embedder.model_name,
    }


def workers_ready(log: Path, workers: int) -> bool:
    """Every worker of a gateway has logged that it is ready (its /readyz answers for the first one alone)."""
    return log.read_text().count("relayboard ready in") >= workers


def throughput(data_dir: Path) -> dict[str, tuple[concurrency.LoadResult, concurrency.LoadResult]]:
    """1 vs 20 clients: one gateway with its stdio servers, then two worker processes sharing HTTP servers."""
    keys = {"RELAYBOARD_API_KEYS": json.dumps(concurrency.client_keys())}
    results = {}
    with serving_gateway(system_environment(data_dir, **keys), data_dir / "bench-throughput.log") as url:
        results["1 gateway process (stdio servers)"] = concurrency.run([url])
    with serving_mcp_servers(system_environment(data_dir), data_dir) as servers:
        for workers in (1, 2):
            env = system_environment(data_dir, **keys, **servers, RELAYBOARD_WORKERS=str(workers))
            with serving_gateway(env, log := data_dir / f"bench-workers-{workers}.log") as url:
                # A worker still starting (loading its model) would take CPU from the single-client run.
                wait_until(partial(workers_ready, log, workers), timeout=180, what=f"{workers} workers ready")
                results[f"{workers} gateway process(es) (RELAYBOARD_WORKERS={workers}, HTTP servers)"] = (
                    concurrency.run([url])
                )
    return results


def main() -> None:
    source = REPO / ".relayboard"
    if not (source / "chinook.sqlite").exists():
        sys.exit("run `make demo-data` first (make bench does)")
    with tempfile.TemporaryDirectory(prefix="relayboard-bench-") as tmp:
        work = Path(tmp)
        data_dir = work / "data"
        shutil.copytree(source, data_dir, ignore=shutil.ignore_patterns("logs", "downloads", "threads.sqlite*"))
        print("## Gateway round trip, extractive mode (HTTP, MCP servers over stdio)\n")
        print(f"{ROUND_TRIPS} sequential requests each, after one warm-up.\n")
        print("| request | p50 ms | p95 ms |\n|---|---|---|")
        for label, (p50, p95) in gateway_round_trip(data_dir).items():
            print(f"| {label} | {p50:.1f} | {p95:.1f} |")
        print("\n## Throughput: 1 vs 20 concurrent clients (mixed SQL, retrieval and summarise questions)\n")
        print(f"Goal: 20 clients >= {concurrency.GOAL_SPEEDUP}x the 1-client requests/s, 0 errors, p95 < 2x p50.\n")
        print("| setup | clients | requests | req/s | p50 ms | p95 ms | errors | speed-up | goal |")
        print("|---|---|---|---|---|---|---|---|---|")
        for label, (single, many) in throughput(data_dir).items():
            for load in (single, many):
                speedup = f"{many.per_second / single.per_second:.2f}x" if load is many else ""
                goal = ("met" if concurrency.meets_goal(single, many) else "not met") if load is many else ""
                print(
                    f"| {label} | {load.clients} | {load.requests} | {load.per_second:.1f} | {load.p50_ms:.0f} "
                    f"| {load.p95_ms:.0f} | {load.errors} | {speedup} | {goal} |"
                )
        cpu_per_request.report(data_dir)
        governance.report(governance.run(data_dir))
        print("\n## Extractive answers through the gateway over a real corpus (SciFact abstracts)\n")
        corpus = corpus_round_trip.run(data_dir)
        if corpus is None:
            print("skipped: ../shared/data/retrieval/scifact is absent")
        else:
            print("| chunks | questions routed to retrieval | answered with citations | p50 ms | p95 ms |")
            print("|---|---|---|---|---|")
            print(
                f"| {corpus['chunks']} | {corpus['questions']} | {corpus['with_citations']} "
                f"| {corpus['p50_ms']:.1f} | {corpus['p95_ms']:.1f} |"
            )
        print("\n## The MCP hop: tool over MCP (stdio) vs the same function in process\n")
        print("| tool | MCP p50 ms | direct p50 ms | ratio | MCP overhead ms |\n|---|---|---|---|---|")
        for tool, ((mcp50, _), (direct50, _)) in asyncio.run(mcp_hop(data_dir)).items():
            print(f"| {tool} | {mcp50:.2f} | {direct50:.2f} | {mcp50 / direct50:.1f}x | {mcp50 - direct50:.2f} |")
        print(mcp_edge.section(data_dir))
        print("\n## A 100k-word extractive summary through the gateway (pasted text, one request)\n")
        long = summarise.run(data_dir, SCIFACT, REPO / "docs")
        print(
            f"document: {long['origin']}, {long['words']} words, {long['sentences']} sentences, "
            f"routes {long['routes']}\n"
        )
        print("| seconds | words/s | embedding s | embedding share | texts embedded | map-reduce rounds |")
        print("|---|---|---|---|---|---|")
        print(
            f"| {long['seconds']:.1f} | {long['words_per_s']:.0f} | {long['embed_seconds']:.1f} "
            f"| {long['embed_share']:.0%} | {long['embedded_texts']} | {long['rounds']} |"
        )
        print("\n## Embedded store at scale: hybrid query latency and HNSW recall@10 vs exact search\n")
        rows = scale.run(work)
        recall_columns = [key for key in rows[0] if key.startswith("recall")] if rows else []
        print("| points | load s | index s | hybrid p50 ms | hybrid p95 ms | " + " | ".join(recall_columns) + " |")
        print("|---" * (5 + len(recall_columns)) + "|")
        for row in rows:
            recalls = " | ".join(f"{row[key]:.3f}" for key in recall_columns)
            print(
                f"| {row['size']:.0f} | {row['load_s']:.1f} | {row['index_s']:.1f} | {row['hybrid_p50_ms']:.2f} "
                f"| {row['hybrid_p95_ms']:.2f} | {recalls} |"
            )
        print("\n## Ingest throughput vs raw encode (same texts, same model, same run)\n")
        result = asyncio.run(ingest_vs_encode(work))
        ratio = result["ingest_texts_per_s"] / result["encode_texts_per_s"]  # type: ignore[operator]
        print(
            f"corpus: {result['corpus']}: {result['chunks']} chunks + their sentences = {result['texts']} texts, "
            f"{result['model']}\n"
        )
        print("| raw encode texts/s | ingest texts/s | ingest chunks/s | ratio |\n|---|---|---|---|")
        print(
            f"| {result['encode_texts_per_s']:.1f} | {result['ingest_texts_per_s']:.1f} "
            f"| {result['ingest_chunks_per_s']:.1f} | {ratio:.2f} |"
        )


if __name__ == "__main__":
    main()
