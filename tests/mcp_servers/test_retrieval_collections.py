"""Collections over MCP: created with their chunking, ingested, searched, edited by id, deleted.

A read-only server has no write tools at all.
"""

import asyncio
import threading
import uuid
from collections.abc import Sequence
from pathlib import Path

import pytest
from fastmcp import Client

from mcp_servers.retrieval import create_server
from mcp_servers.retrieval import server as retrieval_server
from mcp_servers.retrieval.settings import RetrievalServerSettings
from tests.support.results import meta, text_of
from tools.embeddings import Embedder, Vectors, load_embedder
from tools.embeddings.delegating import DelegatingEmbedder
from tools.settings import EmbeddingSettings, StoreSettings

PAGE = "<html><body><h1>Refunds</h1><p>Refunds are issued within 14 days of a return.</p></body></html>"


async def test_a_read_only_server_registers_no_write_tools(tmp_path: Path) -> None:
    server = create_server(
        StoreSettings(data_dir=tmp_path), EmbeddingSettings(), RetrievalServerSettings(read_only=True)
    )
    async with Client(server) as client:
        names = {tool.name for tool in await client.list_tools()}
    assert names == {"search_documents", "get_document", "list_documents", "list_collections", "describe_collection"}


async def test_a_collection_lives_through_create_ingest_search_edit_and_delete(tmp_path: Path) -> None:
    async with Client(create_server(StoreSettings(data_dir=tmp_path), EmbeddingSettings())) as client:

        async def call(tool: str, **arguments: object) -> dict:
            result = await client.call_tool(tool, arguments)
            return result.structured_content

        created = await call("create_collection", name="faq", strategy="fixed", chunk_tokens=64, overlap_tokens=8)
        assert created["chunking"]["strategy"] == "fixed" and created["points"] == 0
        documents = [
            {"id": "refunds", "text": PAGE, "format": "html"},
            {"id": "shipping", "text": "Orders ship within two working days.", "format": "text"},
        ]
        report = await call("ingest_documents", collection="faq", documents=documents)
        assert (report["documents"], report["chunks"], report["failures"]) == (2, 2, [])
        again = await call("ingest_documents", collection="faq", documents=documents)
        assert again["removed"] == 0 and (await call("describe_collection", name="faq"))["points"] == 2

        hits = (await call("search_documents", query="How long do refunds take?", collection="faq"))["hits"]
        assert hits[0]["doc_id"] == "refunds" and "14 days" in hits[0]["highlights"][0]["text"]

        changed = await client.call_tool(
            "create_collection", {"name": "faq", "strategy": "markdown"}, raise_on_error=False
        )
        assert changed.is_error and "delete it or use another name to change chunking" in changed.content[0].text

        own = str(uuid.uuid4())
        wrong = await client.call_tool(
            "upsert_points",
            {"collection": "faq", "points": [{"id": own, "text": "x", "vector": [0.1, 0.2]}]},
            raise_on_error=False,
        )
        assert wrong.is_error and "vector has 2 dimensions; need 384" in wrong.content[0].text
        vector = [0.0] * 383 + [1.0]
        added = await call(
            "upsert_points", collection="faq", points=[{"id": own, "text": "custom point", "vector": vector}]
        )
        assert added["count"] == 3
        assert (await call("delete_points", collection="faq", ids=[own]))["count"] == 2

        names = [c["name"] for c in (await client.call_tool("list_collections", {})).structured_content["collections"]]
        assert names == ["docs", "faq"]
        await call("delete_collection", name="faq")
        gone = await client.call_tool(
            "search_documents", {"query": "refunds", "collection": "faq"}, raise_on_error=False
        )
        assert gone.is_error and "no collection named 'faq'; collections: docs" in gone.content[0].text


async def test_the_default_collection_is_never_missing_and_takes_new_chunking_while_empty(tmp_path: Path) -> None:
    async with Client(create_server(StoreSettings(data_dir=tmp_path), EmbeddingSettings())) as client:

        async def call(tool: str, **arguments: object) -> dict:
            return (await client.call_tool(tool, arguments)).structured_content

        document = [{"id": "refunds", "text": "Refunds are issued within 14 days of a return.", "format": "text"}]
        await call("ingest_documents", collection="docs", documents=document)
        await call("delete_collection", name="docs")
        described = await call("describe_collection", name="docs")  # read straight after: empty, not a 404
        assert (described["points"], described["chunking"]["strategy"]) == (0, "markdown")

        rechunked = await call("create_collection", name="docs", strategy="fixed", chunk_tokens=64, overlap_tokens=8)
        assert rechunked["chunking"]["strategy"] == "fixed"  # nothing was chunked the old way
        await call("ingest_documents", collection="docs", documents=document)
        held = await client.call_tool("create_collection", {"name": "docs"}, raise_on_error=False)
        listed = (await call("list_collections"))["collections"]
    assert held.is_error and "delete it or use another name to change chunking" in held.content[0].text
    assert [(c["name"], c["chunking"]["strategy"], c["points"]) for c in listed] == [("docs", "fixed", 1)]


class HeldEmbedder(DelegatingEmbedder):
    """The real embedder, whose encodes wait for `release` after saying one began (`began`), so a test can act
    while an ingest is between reading its collection and writing to it. Threading events: the batching
    embedder encodes on a worker thread."""

    def __init__(self, inner: Embedder) -> None:
        super().__init__(inner)
        self.began, self.release = threading.Event(), threading.Event()

    def encode(self, texts: Sequence[str]) -> Vectors:
        self.began.set()
        assert self.release.wait(30), "the test never released the encode"
        return self._inner.encode(texts)

    async def embed(self, texts: Sequence[str]) -> Vectors:
        return await asyncio.to_thread(self.encode, texts)


async def test_ingesting_into_a_collection_deleted_meanwhile_is_a_not_found_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    held: list[HeldEmbedder] = []

    async def load_held(settings: EmbeddingSettings) -> Embedder:
        held.append(HeldEmbedder(await load_embedder(settings)))
        return held[0]

    monkeypatch.setattr(retrieval_server, "load_embedder", load_held)  # the seam the server loads its model at
    async with Client(create_server(StoreSettings(data_dir=tmp_path), EmbeddingSettings())) as client:
        await client.call_tool("create_collection", {"name": "faq"})
        documents = [{"id": "shipping", "text": "Orders ship within two working days.", "format": "text"}]
        ingest = asyncio.create_task(
            client.call_tool("ingest_documents", {"collection": "faq", "documents": documents}, raise_on_error=False)
        )
        assert await asyncio.to_thread(held[0].began.wait, 10)
        await client.call_tool("delete_collection", {"name": "faq"})
        held[0].release.set()
        result = await asyncio.wait_for(ingest, 30)
        listed = (await client.call_tool("list_collections", {})).structured_content
    assert result.is_error and meta(result)["relayboard/error"] == {"kind": "not_found"}
    assert text_of(result) == (
        "the collection 'faq' was deleted while this call was using it; the call stopped there, writing nothing "
        "more: create the collection again, then repeat the call"
    )
    assert [c["name"] for c in listed["collections"]] == ["docs"]  # not re-created half-written


async def test_an_ingest_reports_progress_as_it_embeds_so_an_idle_deadline_sees_it_working(tmp_path: Path) -> None:
    reports: list[tuple[float, str | None]] = []

    async def noted(progress: float, total: float | None, message: str | None) -> None:
        reports.append((progress, message))

    documents = [
        {"id": f"doc-{n}", "text": f"Orders ship within {n} working days.", "format": "text"} for n in range(3)
    ]
    async with Client(create_server(StoreSettings(data_dir=tmp_path), EmbeddingSettings())) as client:
        result = await client.call_tool(
            "ingest_documents", {"collection": "docs", "documents": documents}, progress_handler=noted
        )
    assert result.structured_content is not None and result.structured_content["documents"] == 3
    assert reports and reports[-1] == (reports[-1][0], f"embedded {int(reports[-1][0])} texts")
    assert [progress for progress, _ in reports] == sorted({progress for progress, _ in reports})  # only grows
