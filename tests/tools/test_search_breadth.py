"""The HNSW search breadth is a deployment setting that reaches every dense search."""

from pathlib import Path
from typing import Any

import pytest

from mcp_servers.retrieval.settings import RetrievalServerSettings
from tools.documents import SourceDocument
from tools.ingest import Ingestor
from tools.search import DocumentSearch
from tools.vectorstore import ScoredPoint, SearchRequest
from tools.vectorstore.edge import EdgeVectorStore


class Recording:
    """The real store, recording the requests it is sent."""

    def __init__(self, inner: EdgeVectorStore) -> None:
        self.inner = inner
        self.requests: list[SearchRequest] = []

    async def search(self, request: SearchRequest) -> list[ScoredPoint]:
        self.requests.append(request)
        return await self.inner.search(request)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


async def test_a_configured_breadth_is_sent_with_every_search(tmp_path: Path, embedder) -> None:
    store = EdgeVectorStore.open(tmp_path / "store", dimension=embedder.dimension)
    await Ingestor(embedder, store).ingest([SourceDocument("ops", "Ops", "Logs go to journald.", markdown=False)])
    recording = Recording(store)
    hits = await DocumentSearch(embedder, recording, hnsw_ef=256).search("where do logs go", limit=1)
    # The fused search and each retriever's own ranking (read for the hits' dense and BM25 ranks) all use it.
    assert hits[0].doc_id == "ops" and recording.requests
    assert all(request.hnsw_ef == 256 for request in recording.requests)
    await store.close()


def test_the_breadth_is_read_from_the_environment_and_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RELAYBOARD_RETRIEVAL_HNSW_EF", "256")
    assert RetrievalServerSettings().hnsw_ef == 256
    monkeypatch.setenv("RELAYBOARD_RETRIEVAL_HNSW_EF", "0")
    with pytest.raises(ValueError, match="hnsw_ef"):
        RetrievalServerSettings()
