"""The extractive retrieval agent over the real retrieval MCP server (in memory): it answers what the documents
say, and declines a question whose topic is indexed but whose answer is not."""

import shutil
import warnings
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fastmcp import Client

from agents.contracts import AgentTask
from agents.retrieval import RetrievalAgent
from agents.retrieval.prompts import NOT_FOUND
from agents.toolbox import Toolbox
from mcp_servers.retrieval import create_server
from tools.settings import EmbeddingSettings, StoreSettings


@pytest.fixture
async def agent(demo_data_dir: Path, tmp_path: Path) -> AsyncIterator[RetrievalAgent]:
    copy = tmp_path / "data"
    shutil.copytree(demo_data_dir, copy)  # an embedded collection is locked by whoever opened it
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # langchain.mcp announces it is in beta
        from langchain.mcp import MCPAdapter
    async with MCPAdapter(Client(create_server(StoreSettings(data_dir=copy), EmbeddingSettings()))) as adapter:
        yield RetrievalAgent(Toolbox(await adapter.list_tools()))


async def test_a_question_the_documents_answer_is_answered_with_citations(agent: RetrievalAgent) -> None:
    result = await agent.run(AgentTask("How are search results fused?"))
    assert result["found"] and result["citations"], result["answer"]
    assert result["citations"][0]["doc_id"] == "docs/architecture.md"
