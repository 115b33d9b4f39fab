"""End-to-end extractive answers through the gateway over a real corpus of ~10k chunks (SciFact, 8.6k chunks).

The corpus comes from `relayboard eval retrieval`'s cache (built on first use: ~15 min of embedding), copied into
a fresh data dir as collection `scifact`; the gateway then answers SciFact claims phrased as document questions.
"""

import asyncio
import json
import shutil
import time
from pathlib import Path

import httpx
import numpy as np

from evals.harness.processes import serving_gateway, system_environment

SCIFACT = Path(__file__).resolve().parents[3] / "shared" / "data" / "retrieval" / "scifact"
QUESTIONS = 40
COLLECTION = "scifact"


async def _install_corpus(data_dir: Path) -> int:
    """Copy the cached SciFact index into `data_dir` as collection `scifact`; returns its chunk count."""
    from evals.beir import read_beir
    from evals.retrieval import cache_key, open_indexed_corpus
    from tools.chunking import ChunkingPolicy
    from tools.collections import CollectionRegistry
    from tools.embeddings import load_embedder
    from tools.settings import StoreSettings

    beir = read_beir(SCIFACT)
    embedder = await load_embedder()
    cache_root = StoreSettings().data_dir / "eval-cache"
    store = await open_indexed_corpus(beir, embedder, cache_root)
    chunks = await store.count()
    await store.close()
    folder = cache_root / cache_key(beir, embedder, ChunkingPolicy())
    shutil.copytree(folder / "qdrant", StoreSettings(data_dir=data_dir, collection=COLLECTION).edge_path)
    CollectionRegistry(data_dir).ensure(COLLECTION, ChunkingPolicy())
    return chunks


def run(data_dir: Path) -> dict[str, object] | None:
    """p50/p95 of `/v1/ask` answered from the scifact collection, or None without ../shared/data."""
    if not (SCIFACT / "corpus.jsonl").exists():
        return None
    chunks = asyncio.run(_install_corpus(data_dir))
    claims = [json.loads(line)["text"] for line in (SCIFACT / "queries.jsonl").open(encoding="utf-8")][:QUESTIONS]
    samples: list[float] = []
    found = 0
    with serving_gateway(system_environment(data_dir), data_dir / "bench-corpus-gateway.log") as url:
        with httpx.Client(base_url=url, timeout=60) as client:
            ask = {"question": f"What do the documents say about this: {claims[0]}", "collection": COLLECTION}
            client.post("/v1/ask", json=ask).raise_for_status()  # warm-up
            for claim in claims:
                body = {"question": f"What do the documents say about this: {claim}", "collection": COLLECTION}
                started = time.perf_counter()
                answer = client.post("/v1/ask", json=body)
                elapsed = (time.perf_counter() - started) * 1000
                answer.raise_for_status()
                if answer.json()["routes"] == ["retrieval"]:
                    samples.append(elapsed)
                    found += bool(answer.json()["citations"])
    return {
        "chunks": chunks,
        "questions": len(samples),
        "with_citations": found,
        "p50_ms": float(np.percentile(samples, 50)) if samples else float("nan"),
        "p95_ms": float(np.percentile(samples, 95)) if samples else float("nan"),
    }
