"""Hybrid query latency as the embedded collection grows, and the HNSW index's recall against exact search.

Synthetic points (clustered unit vectors, random-word texts) stand in for real chunks: latency and recall depend
on the count and the index, not on the meaning. Sizes come from BENCH_SCALE (default 10000,100000).
"""

import asyncio
import os
import time
import uuid
from pathlib import Path

import numpy as np

from tools.vectorstore import PointInput, SearchRequest
from tools.vectorstore.edge import EdgeVectorStore

DIMENSION = 384
QUERIES = 100
CLUSTERS = 500  # embeddings of real text cluster by topic; uniform random vectors would be HNSW's worst case
EF_VALUES = (None, 64, 128, 256)
VOCABULARY = [f"term{i}" for i in range(20_000)]


def clustered(rng: np.random.Generator, centres: np.ndarray, count: int) -> np.ndarray:
    noise = rng.standard_normal((count, DIMENSION)) * (0.8 / np.sqrt(DIMENSION))  # cos to its centre ~0.8
    vectors = centres[rng.integers(0, len(centres), count)] + noise
    normalised: np.ndarray = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    return normalised


async def measure(size: int, folder: Path, rng: np.random.Generator) -> dict[str, float]:
    store = EdgeVectorStore.open(folder, dimension=DIMENSION)
    centres = rng.standard_normal((CLUSTERS, DIMENSION)) / np.sqrt(DIMENSION)
    started = time.perf_counter()
    for first in range(0, size, 5_000):
        count = min(5_000, size - first)
        vectors = clustered(rng, centres, count)
        words = rng.integers(0, len(VOCABULARY), size=(count, 30))
        points = [
            PointInput(
                str(uuid.UUID(int=first + i + 1)),
                vectors[i].tolist(),
                " ".join(VOCABULARY[w] for w in words[i]),
                {"source": f"doc{(first + i) % 1000}", "text": "", "start": 0, "end": 0},
            )
            for i in range(count)
        ]
        await store.upsert(points)
    load_seconds = time.perf_counter() - started
    started = time.perf_counter()
    await store.optimize()
    index_seconds = time.perf_counter() - started
    queries = clustered(rng, centres, QUERIES)
    texts = [" ".join(VOCABULARY[w] for w in rng.integers(0, len(VOCABULARY), 4)) for _ in range(QUERIES)]
    hybrid_ms: list[float] = []
    recalls: dict[int | None, list[float]] = {ef: [] for ef in EF_VALUES}
    for vector, text in zip(queries, texts, strict=True):
        begun = time.perf_counter()
        await store.search(SearchRequest(vector.tolist(), text, limit=10))
        hybrid_ms.append((time.perf_counter() - begun) * 1000)
        exact = {p.id for p in await store.search(SearchRequest(vector.tolist(), None, limit=10, exact=True))}
        for ef in EF_VALUES:
            approximate = {p.id for p in await store.search(SearchRequest(vector.tolist(), None, limit=10, hnsw_ef=ef))}
            recalls[ef].append(len(approximate & exact) / 10)
    await store.close()
    row: dict[str, float] = {
        "size": size,
        "load_s": load_seconds,
        "index_s": index_seconds,
        "hybrid_p50_ms": float(np.percentile(hybrid_ms, 50)),
        "hybrid_p95_ms": float(np.percentile(hybrid_ms, 95)),
    }
    row.update({f"recall@10 ef={ef or 'default'}": float(np.mean(values)) for ef, values in recalls.items()})
    return row


def run(work: Path) -> list[dict[str, float]]:
    sizes = [int(size) for size in os.environ.get("BENCH_SCALE", "10000,100000").split(",") if size]
    rng = np.random.default_rng(7)
    return [asyncio.run(measure(size, work / f"scale-{size}", rng)) for size in sizes]
