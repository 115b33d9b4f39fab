"""The SQL agent with a chat model (scripted, at the seam) over the real SQL MCP server in memory."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fastmcp import Client
from langchain_core.messages import AIMessage, SystemMessage

from agents.contracts import AgentTask
from agents.mcp_client import ServerTarget, Toolbox, open_toolbox
from agents.sql import SqlAgent
from mcp_servers.sql import create_server
from tests.support.fake_chat import ScriptedChatModel
from tools.embeddings import Embedder
from tools.settings import SqlSettings


def call(name: str, args: dict[str, object], call_id: str) -> AIMessage:
    return AIMessage("", tool_calls=[{"name": name, "args": args, "id": call_id}])


@pytest.fixture(scope="module")
async def toolbox(demo_database: Path, embedder: Embedder) -> AsyncIterator[Toolbox]:
    settings = SqlSettings(database=str(demo_database), row_limit=3)
    async with open_toolbox(ServerTarget("relayboard-sql", "sql", Client(create_server(settings, embedder)))) as found:
        yield found


async def test_only_the_relevant_tables_go_into_the_prompt(toolbox: Toolbox, embedder: Embedder) -> None:
    model = ScriptedChatModel(script=[AIMessage("I could not tell.")])
    await SqlAgent(toolbox, embedder, model).run(AgentTask("Which music genres have the most songs?"))
    prompt = str(next(m for m in model.received[0] if isinstance(m, SystemMessage)).content)
    described = [line.split("(")[0].removeprefix("- ") for line in prompt.splitlines() if line.startswith("- ")]
    assert "Genre" in described and "Track" in described and len(described) == 3
    assert "GenreId INTEGER PRIMARY KEY" in prompt and "Employee(" not in prompt and "Invoice(" not in prompt


async def test_the_answer_shows_the_sql_the_rows_and_that_the_row_cap_was_hit(
    toolbox: Toolbox, embedder: Embedder
) -> None:
    model = ScriptedChatModel(
        script=[
            call("run_query", {"sql": "SELECT Name FROM Genre ORDER BY Name"}, "c1"),
            AIMessage("Here are the genres."),
        ]
    )
    result = await SqlAgent(toolbox, embedder, model).run(AgentTask("List the genres"))
    assert result["answer"].startswith(
        "Here are the genres.\n\nSQL:\n```sql\nSELECT Name FROM Genre ORDER BY Name\n```"
    )
    assert "3 rows:\nName=Alternative" in result["answer"]
    assert result["answer"].endswith("The row cap of 3 was reached; the result is incomplete.")
    assert result["sql"] is not None and result["sql"]["truncated"] is True


async def test_a_model_that_keeps_failing_is_stopped_after_five_rounds(toolbox: Toolbox, embedder: Embedder) -> None:
    model = ScriptedChatModel(
        script=[call("run_query", {"sql": f"SELECT nope{i} FROM Genre"}, f"c{i}") for i in range(5)]
    )
    result = await SqlAgent(toolbox, embedder, model).run(AgentTask("Count the genres"))
    assert len(model.received) == 5 and result["sql"] is None
    assert "stopped after 5 rounds" in result["answer"]
