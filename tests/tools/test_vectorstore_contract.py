"""The vector-store contract: both backends (Qdrant Edge on disk, qdrant-client) behave the same."""

import hashlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import numpy as np
import pytest
from qdrant_client import AsyncQdrantClient

from tools.vectorstore import Fusion, PointInput, SearchRequest, VectorStore
from tools.vectorstore.edge import EdgeVectorStore
from tools.vectorstore.server import ServerVectorStore

# The server backend runs here on qdrant-client's local mode, which has no payload indexes and says so; the
# indexes it creates are for a Qdrant server, and the contract does not depend on them.
pytestmark = pytest.mark.filterwarnings("ignore:Payload indexes have no effect in the local Qdrant:UserWarning")

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


def hybrid(text: str, **options: object) -> SearchRequest:
    return SearchRequest(vector(text), text, **options)  # type: ignore[arg-type]


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
    hits = await store.search(hybrid("rank fusion lists", limit=2))
    assert hits[0].payload["key"] == "b"
    assert hits[0].score >= hits[1].score
    await store.close()


async def test_a_filter_applies_inside_both_retrievers(opener: Opener) -> None:
    store = await opener()
    await store.upsert(points())
    hits = await store.search(hybrid("Qdrant vectors", limit=4, where={"source": "beta.md"}))
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
    hits = await reopened.search(hybrid("Jaeger traces", limit=1))
    assert hits[0].payload["key"] == "c"
    await reopened.close()


async def test_each_retriever_can_run_alone(opener: Opener) -> None:
    store = await opener()
    await store.upsert(points())
    dense_only = await store.search(SearchRequest(vector(TEXTS["c"][1]), None, limit=1))
    bm25_only = await store.search(SearchRequest(None, "database read-only", limit=1))
    assert dense_only[0].payload["key"] == "c" and bm25_only[0].payload["key"] == "d"
    assert 0.99 < dense_only[0].score <= 1.0001  # dense alone scores by cosine
    await store.close()


async def test_pages_follow_on_from_each_other(opener: Opener) -> None:
    store = await opener()
    await store.upsert(points())
    everything = [hit.id for hit in await store.search(hybrid("vectors lists traces database", limit=4))]
    first = [hit.id for hit in await store.search(hybrid("vectors lists traces database", limit=2))]
    second = [hit.id for hit in await store.search(hybrid("vectors lists traces database", limit=2, offset=2))]
    assert first + second == everything
    await store.close()


async def test_rrf_uses_the_rank_constant_and_retriever_weights(opener: Opener) -> None:
    store = await opener()
    await store.upsert(points())
    # c is first in both lists, so its fused score is the sum over the two lists of 1 / (1/w + k - 1).
    request = {"dense": vector(TEXTS["c"][1]), "text": "Jaeger", "limit": 1}

    def expected(k: int, dense: float, bm25: float) -> float:
        return 1 / (1 / dense + k - 1) + 1 / (1 / bm25 + k - 1)

    for fusion in (Fusion(), Fusion(k=2), Fusion(k=60, dense_weight=2.0), Fusion(k=10, bm25_weight=3.0)):
        top = (await store.search(SearchRequest(**request, fusion=fusion)))[0]  # type: ignore[arg-type]
        assert top.payload["key"] == "c"
        assert abs(top.score - expected(fusion.k, fusion.dense_weight, fusion.bm25_weight)) < 1e-5
    dbsf = await store.search(SearchRequest(**request, fusion=Fusion(method="dbsf")))  # type: ignore[arg-type]
    assert dbsf[0].payload["key"] == "c"
    await store.close()


async def test_sentence_maxsim_joins_the_fusion_as_a_third_ranking(opener: Opener) -> None:
    store = await opener()
    await store.upsert([PointInput(p.id, p.dense, p.text, p.payload, sentences=[p.dense]) for p in points()])
    query, text = vector(TEXTS["b"][1]), TEXTS["b"][1]
    # b is first for dense and BM25 (1/k each), and with rerank also first by sentence MaxSim: a third 1/k.
    two = (await store.search(SearchRequest(query, text, limit=1)))[0]
    three = (await store.search(SearchRequest(query, text, limit=1, rerank_sentences=True)))[0]
    assert two.payload["key"] == three.payload["key"] == "b"
    assert abs(two.score - 2 / 60) < 1e-6 and abs(three.score - 3 / 60) < 1e-6
    stored = await store.sentence_vectors([point_id("b"), point_id("zzz")])
    assert list(stored) == [point_id("b")] and np.allclose(stored[point_id("b")][0], query, atol=1e-5)
    await store.close()


async def test_mmr_trades_relevance_for_diversity(opener: Opener) -> None:
    store = await opener()
    texts = {"x1": "alpha beta gamma", "x2": "alpha beta gamma", "y": "alpha delta epsilon", "z": "omega"}
    await store.upsert([PointInput(point_id(k), vector(t), t, {"source": k, "key": k}) for k, t in texts.items()])
    query = "alpha beta gamma"
    relevant = await store.search(SearchRequest(vector(query), query, limit=2, mmr_diversity=0.0))
    diverse = await store.search(SearchRequest(vector(query), query, limit=2, mmr_diversity=0.9))
    assert {hit.payload["key"] for hit in relevant} == {"x1", "x2"}
    assert diverse[0].payload["key"] in {"x1", "x2"} and diverse[1].payload["key"] not in {"x1", "x2"}
    await store.close()
