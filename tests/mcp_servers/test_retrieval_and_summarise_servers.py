"""The retrieval and summarise MCP servers through a real MCP client (in memory)."""

from pathlib import Path

from fastmcp import Client

from mcp_servers.retrieval import create_server as create_retrieval
from mcp_servers.summarise import create_server as create_summarise
from tools.settings import EmbeddingSettings, StoreSettings


async def test_search_documents_returns_cited_sentences_with_document_offsets(demo_data_dir: Path) -> None:
    server = create_retrieval(StoreSettings(data_dir=demo_data_dir), EmbeddingSettings())
    async with Client(server) as client:
        result = await client.call_tool("search_documents", {"query": "How are search results fused?", "limit": 3})
        hits = result.structured_content["hits"]
        assert hits[0]["doc_id"] == "docs/architecture.md"
        document = (await client.call_tool("get_document", {"doc_id": hits[0]["doc_id"]})).structured_content
        for highlight in hits[0]["highlights"]:
            assert document["text"][highlight["start"] : highlight["end"]] == highlight["text"]


async def test_bad_retrieval_arguments_are_tool_errors_that_say_what_to_fix(demo_data_dir: Path) -> None:
    server = create_retrieval(StoreSettings(data_dir=demo_data_dir), EmbeddingSettings())
    async with Client(server) as client:
        empty = await client.call_tool("search_documents", {"query": ""}, raise_on_error=False)
        assert empty.is_error and "query" in empty.content[0].text
        too_many = await client.call_tool("search_documents", {"query": "x", "limit": 500}, raise_on_error=False)
        assert too_many.is_error and "limit" in too_many.content[0].text
        missing = await client.call_tool("get_document", {"doc_id": "nope.md"}, raise_on_error=False)
        assert missing.is_error and "use search_documents to find document ids" in missing.content[0].text


async def test_summarise_text_keeps_sentences_in_order_with_offsets() -> None:
    text = (
        "The council met on Tuesday to discuss new bike lanes. Residents worried about parking spaces. "
        "Cyclists said the lanes would cut accidents. The weather was mild. "
        "The council agreed to a six-month trial of the bike lanes starting in March."
    )
    async with Client(create_summarise(EmbeddingSettings())) as client:
        result = (await client.call_tool("summarise_text", {"text": text, "max_sentences": 2})).structured_content
    sentences = result["sentences"]
    assert len(sentences) == 2 and result["source_sentences"] == 5
    assert [s["start"] for s in sentences] == sorted(s["start"] for s in sentences)
    assert all(text[s["start"] : s["end"]] == s["text"] for s in sentences)
