"""The retrieval and summarise MCP servers through a real MCP client (in memory)."""

import shutil
from pathlib import Path
from typing import Any

import pytest
from fastmcp import Client

from mcp_servers.retrieval import create_server as create_retrieval
from mcp_servers.summarise import create_server as create_summarise
from tests.support.numeric_arguments import accepted_booleans
from tests.support.results import meta, structured, text_of
from tools.settings import EmbeddingSettings, StoreSettings


@pytest.fixture
def data_dir(demo_data_dir: Path, tmp_path: Path) -> Path:
    """A copy per test: an embedded collection is locked by whoever opened it, and a server's lifespan may still
    be closing the previous test's store when the next test starts."""
    copy = tmp_path / "data"
    shutil.copytree(demo_data_dir, copy)
    return copy


async def test_search_documents_returns_cited_sentences_with_document_offsets(data_dir: Path) -> None:
    server = create_retrieval(StoreSettings(data_dir=data_dir), EmbeddingSettings())
    async with Client(server) as client:
        result = await client.call_tool("search_documents", {"query": "How are search results fused?", "limit": 3})
        hits = structured(result)["hits"]
        assert hits[0]["doc_id"] == "docs/architecture.md"
        document = structured(await client.call_tool("get_document", {"doc_id": hits[0]["doc_id"]}))
        for highlight in hits[0]["highlights"]:
            assert document["text"][highlight["start"] : highlight["end"]] == highlight["text"]


async def test_each_hit_says_where_the_dense_and_bm25_retrievers_rank_it(data_dir: Path) -> None:
    server = create_retrieval(StoreSettings(data_dir=data_dir), EmbeddingSettings())
    async with Client(server) as client:
        result = await client.call_tool("search_documents", {"query": "How are search results fused?", "limit": 5})
    hits = structured(result)["hits"]
    ranks = [(hit["dense_rank"], hit["bm25_rank"]) for hit in hits]
    assert all(rank is None or rank >= 1 for pair in ranks for rank in pair)
    assert ranks[0][0] is not None and ranks[0][1] is not None  # the best hit is near the top of both


async def test_bad_retrieval_arguments_are_tool_errors_that_say_what_to_fix(data_dir: Path) -> None:
    server = create_retrieval(StoreSettings(data_dir=data_dir), EmbeddingSettings())
    async with Client(server) as client:
        empty = await client.call_tool("search_documents", {"query": ""}, raise_on_error=False)
        assert empty.is_error and "query" in text_of(empty)
        too_many = await client.call_tool("search_documents", {"query": "x", "limit": 500}, raise_on_error=False)
        assert too_many.is_error and "limit" in text_of(too_many)
        missing = await client.call_tool("get_document", {"doc_id": "nope.md"}, raise_on_error=False)
        assert missing.is_error and "use search_documents to find document ids" in text_of(missing)


async def test_searching_within_an_unknown_document_is_not_found_naming_it_as_get_document_says(
    data_dir: Path,
) -> None:
    server = create_retrieval(StoreSettings(data_dir=data_dir), EmbeddingSettings())
    async with Client(server) as client:
        within = await client.call_tool(
            "search_documents", {"query": "tracing", "doc_id": "nope.md"}, raise_on_error=False
        )
        read = await client.call_tool("get_document", {"doc_id": "nope.md"}, raise_on_error=False)
        known = await client.call_tool("search_documents", {"query": "tracing", "doc_id": "docs/architecture.md"})
    assert within.is_error and meta(within)["relayboard/error"] == {"kind": "not_found"}
    assert (
        text_of(within) == text_of(read) == "no document with id 'nope.md': use search_documents to find document ids"
    )
    assert {hit["doc_id"] for hit in structured(known)["hits"]} == {"docs/architecture.md"}


async def test_no_integer_argument_of_the_retrieval_or_summarise_servers_takes_a_boolean(data_dir: Path) -> None:
    passage = {"doc_id": "a.md", "text": "One passage.", "start": True}
    async with Client(create_retrieval(StoreSettings(data_dir=data_dir), EmbeddingSettings())) as retrieval:
        assert await accepted_booleans(retrieval) == {}
    async with Client(create_summarise(EmbeddingSettings())) as summarise:
        assert await accepted_booleans(summarise) == {}
        nested = await summarise.call_tool("summarise_passages", {"passages": [passage]}, raise_on_error=False)
    assert nested.is_error and "`passages.0.start` must be an integer (got True)" in text_of(nested), text_of(nested)


async def test_summarise_text_keeps_sentences_in_order_with_offsets() -> None:
    text = (
        "The council met on Tuesday to discuss new bike lanes. Residents worried about parking spaces. "
        "Cyclists said the lanes would cut accidents. The weather was mild. "
        "The council agreed to a six-month trial of the bike lanes starting in March."
    )
    async with Client(create_summarise(EmbeddingSettings())) as client:
        result = (
            await client.call_tool("summarise_text", {"text": text, "max_sentences": 2, "style": "bullets"})
        ).structured_content
    sentences = result["sentences"]
    assert len(sentences) == 2 and result["source_sentences"] == 5 and result["rounds"] == 0
    assert [s["start"] for s in sentences] == sorted(s["start"] for s in sentences)
    assert all(text[s["start"] : s["end"]] == s["text"] and s["doc_id"] == "text" for s in sentences)
    assert result["summary"] == "\n".join(f"- {s['text']}" for s in sentences)


async def test_summarise_passages_cites_each_sentence_in_its_document_and_reports_progress() -> None:
    long_passage = " ".join(
        f"Finding {i} concerns the {('pump', 'valve', 'sensor')[i % 3]} in unit {i}." for i in range(700)
    )
    passages: list[dict[str, Any]] = [
        {"doc_id": "a.md", "title": "A", "text": "Short opening passage about pumps.", "start": 120},
        {"doc_id": "b.md", "title": "B", "text": long_passage, "start": 0},
    ]
    progress: list[str] = []

    async def on_progress(_done: float, _total: float | None, message: str | None) -> None:
        progress.append(message or "")

    async with Client(create_summarise(EmbeddingSettings())) as client:
        result = await client.call_tool(
            "summarise_passages", {"passages": passages, "max_words": 60}, progress_handler=on_progress
        )
    summary = structured(result)
    assert summary["rounds"] >= 1 and any("map-reduce round 1" in message for message in progress)
    assert sum(len(s["text"].split()) for s in summary["sentences"]) <= 60
    for sentence in summary["sentences"]:
        passage = next(p for p in passages if p["doc_id"] == sentence["doc_id"])
        offset = sentence["start"] - passage["start"]
        assert passage["text"][offset : offset + len(sentence["text"])] == sentence["text"]


async def test_bad_summary_lengths_and_styles_are_tool_errors_that_name_the_field() -> None:
    async with Client(create_summarise(EmbeddingSettings())) as client:
        for arguments, mentions in [
            ({"text": "Some text to summarise here.", "max_sentences": 0}, "max_sentences"),
            ({"text": "Some text to summarise here.", "max_words": 2}, "max_words"),
            ({"text": "Some text to summarise here.", "style": "poem"}, "style"),
            ({"text": "# Only a heading"}, "no text to summarise"),
        ]:
            result = await client.call_tool("summarise_text", arguments, raise_on_error=False)
            assert result.is_error and mentions in text_of(result), text_of(result)
