"""The extractive retrieval agent over the real retrieval MCP server (in memory): it answers what the documents
say, and declines a question whose topic is indexed but whose answer is not."""

import shutil
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastmcp import Client

from agents.contracts import AgentTask
from agents.mcp_client import ServerTarget, open_toolbox
from agents.retrieval import RetrievalAgent
from agents.retrieval.answerability import is_answerable
from agents.retrieval.prompts import NOT_FOUND
from mcp_servers.retrieval import create_server
from tools.results.retrieval import Highlight, SearchHit
from tools.settings import EmbeddingSettings, StoreSettings


@pytest.fixture
async def agent(demo_data_dir: Path, tmp_path: Path) -> AsyncIterator[RetrievalAgent]:
    copy = tmp_path / "data"
    shutil.copytree(demo_data_dir, copy)  # an embedded collection is locked by whoever opened it
    server = create_server(StoreSettings(data_dir=copy), EmbeddingSettings())
    async with open_toolbox(ServerTarget("relayboard-retrieval", "retrieval", Client(server))) as toolbox:
        yield RetrievalAgent(toolbox)


async def test_a_question_the_documents_answer_is_answered_with_citations(agent: RetrievalAgent) -> None:
    result = await agent.run(AgentTask("How are search results fused?"))
    assert result["found"] and result["citations"], result["answer"]
    assert result["citations"][0]["doc_id"] == "docs/architecture.md"


async def test_a_question_about_an_indexed_topic_whose_answer_is_absent_is_declined(agent: RetrievalAgent) -> None:
    result = await agent.run(AgentTask("Which hospital uses Relayboard for patient records?"))
    assert result["found"] is False and result["answer"] == NOT_FOUND and not result["citations"]


def search_hits(question_words: bool, ranks: tuple[int | None, int | None]) -> list[SearchHit]:
    """search_documents hits whose best sentence is as close as a related one (cosine 0.55)."""
    text = "Sepsis mortality fell after early antibiotics." if question_words else "Hospital stays were shorter."
    highlight = Highlight(text=text, start=0, end=len(text), score=0.55)
    hit = SearchHit("d1", "", "", "c1", text, 0, len(text), 0.9, [highlight], dense_rank=ranks[0], bm25_rank=ranks[1])
    return [hit, replace(hit, doc_id="d2", chunk_id="c2", score=0.6, highlights=[], dense_rank=7, bm25_rank=9)]


def test_a_close_sentence_without_the_questions_words_or_retriever_agreement_is_not_an_answer() -> None:
    question = "Do early antibiotics lower sepsis mortality?"
    assert is_answerable(question, search_hits(question_words=True, ranks=(1, 1)))
    assert not is_answerable(question, search_hits(question_words=False, ranks=(3, None)))
