"""The extractive SQL agent over the shared Chinook dev database: questions whose plain readings once went wrong
("or" read as "and", a negation on the wrong table, a count of the wrong table) are answered right or declined."""

from collections.abc import AsyncIterator

import pytest
from fastmcp import Client

from agents.contracts import AgentTask
from agents.mcp_client import ServerTarget, open_toolbox
from agents.sql import SqlAgent
from mcp_servers.sql import create_server
from tests.conftest import shared_data
from tools.embeddings import Embedder
from tools.settings import SqlSettings


@pytest.fixture(scope="module")
async def agent(embedder: Embedder) -> AsyncIterator[SqlAgent]:
    server = create_server(SqlSettings(database=str(shared_data("sql/chinook.sqlite"))), embedder)
    async with open_toolbox(ServerTarget("relayboard-sql", "sql", Client(server))) as toolbox:
        yield SqlAgent(toolbox, embedder)


@pytest.mark.parametrize(
    ("question", "rows"),
    [
        ("How many customers are in Brazil or Canada?", [[13]]),
        ("How many tracks are not in the Rock genre?", [[2206]]),
        ("How many tracks does the album Big Ones have?", [[15]]),
        ("How many playlists are there?", [[18]]),
        ("How many media types are there?", [[5]]),
    ],
)
async def test_a_question_once_answered_wrongly_is_answered_right(
    agent: SqlAgent, question: str, rows: list[list[object]]
) -> None:
    result = await agent.run(AgentTask(question))
    assert result["found"] and result["sql"] is not None, result["answer"]
    assert result["sql"]["rows"] == rows


@pytest.mark.parametrize(
    "question",
    [
        "How many customers were there in 2022?",  # their invoices' dates, or their rep's hire or birth date?
        "How many customers do we have in Calgary?",  # a rep's city; no customer's country or city
        "How many customers are in Canada or Calgary?",  # a country and a city: "or" on two columns
        "How many albums does Iron Maiden have?",  # the name is an artist's and an album's title: not guessed
    ],
)
async def test_a_question_with_no_sure_reading_is_declined(agent: SqlAgent, question: str) -> None:
    result = await agent.run(AgentTask(question))
    assert not result["found"] and result["sql"] is None, result["answer"]
