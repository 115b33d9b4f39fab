"""An embedded collection created before sentence vectors existed gains them on open; re-ingest fills them."""

from pathlib import Path

from qdrant_edge import Distance, EdgeConfig, EdgeShard, EdgeSparseVectorParams, EdgeVectorParams, Modifier

from tools.vectorstore import PointInput, SearchRequest
from tools.vectorstore.edge import EdgeVectorStore


async def test_an_older_collection_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old"
    old = EdgeShard.create(
        str(path),
        EdgeConfig(
            vectors={"dense": EdgeVectorParams(size=4, distance=Distance.Cosine)},
            sparse_vectors={"bm25": EdgeSparseVectorParams(modifier=Modifier.Idf)},
        ),
    )
    old.close()
    store = EdgeVectorStore.open(path, dimension=4)
    point = PointInput(
        "6c0b5b3e-52a1-4a55-9d7e-5f0e3c1d2a11",
        [1.0, 0, 0, 0],
        "old text",
        {"source": "a", "text": "x", "start": 0, "end": 1},
        sentences=[[1.0, 0, 0, 0]],
    )
    await store.upsert([point])
    hits = await store.search(SearchRequest([1.0, 0, 0, 0], "old text", limit=1, rerank_sentences=True))
    assert hits[0].id == point.id and abs(hits[0].score - 3 / 60) < 1e-6
    await store.close()
