"""The vector-store contract: both backends (Qdrant Edge on disk, qdrant-client) behave the same."""

import hashlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import numpy as np
import pytest
from qdrant_client import AsyncQdrantClient

from tools.vectorstore import PointInput, VectorStore
from tools.vectorstore.edge import EdgeVectorStore
from tools.vectorstore.server import ServerVectorStore

DIMENSION = 64
TEXTS = {
    "a": ("alpha.md", "Qdrant stores dense vectors and sparse BM25 vectors"),
    "b": ("alpha.md", "Reciprocal rank fusion combines two ranked lists"),
    "c": ("beta.md", "Jaeger shows traces exported over OTLP"),
    "d": ("beta.md", "SQLite opens the database read-only"),
}


def vector(text: str) -> list[float]:
    """A deterministic bag-of-words vector: texts sharing words are close."""
    values = np.zeros(DIMENSION, dtype=np.float32)
    for word in text.lower().split():
        values[int(hashlib.md5(word.encode()).hexdigest(), 16) % DIMENSION] += 1
    return (values / np.linalg.norm(values)).tolist()


def point_id(key: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, key))


def points(keys: str = "abcd") -> list[PointInput]:
    return [PointInput(point_id(k), vector(TEXTS[k][1]), TEXTS[k][1], {"source": TEXTS[k][0], "key": k}) for k in keys]


Opener = Callable[[], Awaitable[VectorStore]]


@pytest.fixture(params=["edge", "server"])
async def opener(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Opener]:
    """Opens the same on-disk collection again each call (so tests can close and reopen)."""
    if request.param == "edge":

        async def open_edge() -> VectorStore:
            return EdgeVectorStore.open(tmp_path / "edge", dimension=DIMENSION)

        yield open_edge
    else:

        async def open_server() -> VectorStore:
            client = AsyncQdrantClient(path=str(tmp_path / "local"))  # qdrant-client's local mode
            return await ServerVectorStore.open(client, "docs", dimension=DIMENSION)

        yield open_server


async def test_upserted_points_are_found_by_hybrid_query(opener: Opener) -> None:
    store = await opener()
    await store.upsert(points())
    hits = await store.hybrid_query(vector("rank fusion lists"), "rank fusion lists", limit=2)
    assert hits[0].payload["key"] == "b"
    assert hits[0].score >= hits[1].score
    await store.close()


async def test_a_filter_applies_inside_both_retrievers(opener: Opener) -> None:
    store = await opener()
    await store.upsert(points())
    hits = await store.hybrid_query(vector("Qdrant vectors"), "Qdrant vectors", limit=4, where={"source": "beta.md"})
    assert {hit.payload["source"] for hit in hits} == {"beta.md"}
    await store.close()


async def test_delete_by_id_and_by_filter(opener: Opener) -> None:
    store = await opener()
    await store.upsert(points())
    await store.delete([point_id("a")])
    assert await store.count() == 3
    await store.delete_where({"source": "beta.md"})
    assert [p.payload["key"] for p in await store.scroll()] == ["b"]
    await store.close()


async def test_upserting_the_same_points_again_changes_nothing(opener: Opener) -> None:
    store = await opener()
    await store.upsert(points())
    await store.upsert(points())
    assert await store.count() == 4
    assert {p.id for p in await store.retrieve([point_id("c"), point_id("zzz")])} == {point_id("c")}
    await store.close()


async def test_points_survive_closing_and_reopening(opener: Opener) -> None:
    store = await opener()
    await store.upsert(points("abc"))
    await store.close()
    reopened = await opener()
    assert await reopened.count() == 3
    assert await reopened.count({"source": "alpha.md"}) == 2
    hits = await reopened.hybrid_query(vector("Jaeger traces"), "Jaeger traces", limit=1)
    assert hits[0].payload["key"] == "c"
    await reopened.close()
