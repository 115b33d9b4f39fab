"""The extractive SQL agent over the real SQL MCP server (in memory): it answers what fits exactly, else declines."""

import sqlite3
from collections.abc import AsyncIterator
from contextlib import closing
from pathlib import Path

import pytest
from fastmcp import Client

from agents.contracts import AgentTask
from agents.mcp_client import ServerTarget, open_toolbox
from agents.sql import SqlAgent
from mcp_servers.sql import create_server
from tools.embeddings import Embedder
from tools.settings import SqlSettings


@pytest.fixture(scope="module")
async def agent(demo_database: Path, embedder: Embedder) -> AsyncIterator[SqlAgent]:
    server = create_server(SqlSettings(database=str(demo_database)), embedder)
    async with open_toolbox(ServerTarget("relayboard-sql", "sql", Client(server))) as toolbox:
        yield SqlAgent(toolbox, embedder)


@pytest.mark.parametrize(
    ("question", "tool", "parameters", "rows"),
    [
        ("How many invoices were issued in 2010?", "invoices_in_year", {"year": 2010}, [[82]]),
        ("How many customers do we have in Germany?", "customers_in_country", {"country": "Germany"}, [[4]]),
        ("How many customers do we have?", "customer_count", {}, [[59]]),
        ("What was the revenue in March 2010?", "revenue_in_month", {"year": 2010, "month": 3}, None),
        ("Which 2 genres sell the most tracks?", "top_genres_by_sales", {"limit": 2}, [["Rock", 835], ["Latin", 386]]),
        ("Show the top 3 customers by revenue", "top_customers_by_revenue", {"limit": 3}, None),
    ],
)
async def test_a_question_a_curated_query_covers_is_answered_with_parameters_from_the_question(
    agent: SqlAgent, question: str, tool: str, parameters: dict[str, object], rows: list[list[object]] | None
) -> None:
    result = await agent.run(AgentTask(question))
    assert result["found"] and result["sql"] is not None, result["answer"]
    assert (result["sql"]["tool"], result["sql"]["parameters"]) == (tool, parameters)
    if rows is not None:
        assert result["sql"]["rows"] == rows


@pytest.mark.parametrize(
    ("question", "first_row"),
    [
        ("What was the revenue for each month of 2010?", ["01", 37.62]),
        ("How much revenue did each support rep bring in?", ["Jane Peacock", 833.04]),
    ],
)
async def test_a_demo_curated_answer_has_the_columns_asked_for_and_no_others(
    agent: SqlAgent, question: str, first_row: list[object]
) -> None:
    result = await agent.run(AgentTask(question))
    assert result["sql"] is not None and result["sql"]["tool"] != "run_query", result["answer"]
    assert result["sql"]["rows"][0] == first_row


async def test_rows_no_row_of_the_table_between_refers_to_are_answered_from_the_schema(agent: SqlAgent) -> None:
    result = await agent.run(AgentTask("Which tracks were never added to a playlist?"))
    assert result["found"] and result["sql"] is not None, result["answer"]
    assert 'NOT "Track"."TrackId" IN (SELECT "PlaylistTrack"."TrackId" FROM "PlaylistTrack"' in result["answer"]
    assert result["sql"]["rows"] == []  # every track of the demo database is on some playlist


async def test_a_light_verb_the_condition_already_expresses_is_answered_from_the_schema(agent: SqlAgent) -> None:
    result = await agent.run(AgentTask("Which customers live in Germany?"))
    assert result["found"] and result["sql"] is not None, result["answer"]
    assert 'WHERE "Customer"."Country" = \'Germany\'' in result["answer"]
    assert len(result["sql"]["rows"]) == 4


@pytest.mark.parametrize(
    "question",
    [
        "How many customers do we have in Germany whose first name starts with H?",
        "Which tracks have never been bought?",
        "Where do our customers live?",  # "live" is all that would pick the column: no light verb
        "What was our revenue last year?",
        "Who is the oldest customer?",  # a customer has no birth date: "oldest" is not guessed
        "What is the average track length of each album by Iron Maiden?",
    ],
)
async def test_a_question_no_curated_query_fits_exactly_is_declined_plainly(agent: SqlAgent, question: str) -> None:
    result = await agent.run(AgentTask(question))
    assert not result["found"] and result["sql"] is None
    assert result["answer"].startswith("I can't answer that reliably: free-form questions need an LLM configured")
    assert "Closest tables:" in result["answer"] and "Closest curated queries:" in result["answer"]


async def test_a_superlative_on_a_birth_date_is_answered_from_the_schema(agent: SqlAgent) -> None:
    result = await agent.run(AgentTask("Who is the youngest employee?"))
    assert result["found"] and result["sql"] is not None, result["answer"]
    assert '"Employee"."BirthDate" = (SELECT MAX("Employee"."BirthDate")' in result["answer"]
    assert result["sql"]["rows"] == [["Jane", "Peacock"]]


async def test_which_tables_hold_a_topic_is_answered_from_the_schema_search(agent: SqlAgent) -> None:
    result = await agent.run(AgentTask("Which tables hold invoices?"))
    assert result["found"] and result["answer"].startswith("The tables closest to 'invoices': Invoice, InvoiceLine")


async def test_given_sql_is_run_and_a_write_is_refused_with_the_reason(agent: SqlAgent) -> None:
    ran = await agent.run(AgentTask("```sql\nSELECT COUNT(*) FROM Genre\n```"))
    assert ran["sql"] is not None and ran["sql"]["rows"] == [[25]]
    refused = await agent.run(AgentTask("DELETE FROM Invoice"))
    assert not refused["found"] and refused["sql"] is None
    assert refused["answer"] == "The query was not run: `DELETE` is not allowed: only read-only SELECT queries run here"


@pytest.mark.parametrize(
    ("question", "rows"),
    [("How many genres are there?", [[25]]), ("How many employees are there?", [[8]])],
)
async def test_a_bare_count_is_one_figure_never_a_curated_query_per_group(
    agent: SqlAgent, question: str, rows: list[list[object]]
) -> None:
    result = await agent.run(AgentTask(question))
    assert result["found"] and result["sql"] is not None, result["answer"]
    assert (result["sql"]["tool"], result["sql"]["rows"]) == ("run_query", rows)


async def test_a_curated_parameter_takes_only_a_value_its_column_holds(agent: SqlAgent) -> None:
    # Calgary is a city (an employee's): customers_in_country would count customers whose country is Calgary
    result = await agent.run(AgentTask("How many customers do we have in Calgary?"))
    assert not result["found"] and result["sql"] is None
    assert "customers_in_country fits, but" in result["answer"] and "Customer.Country" in result["answer"]


async def test_a_question_about_fields_of_data_is_not_read_as_one_about_a_tables_columns(
    tmp_path: Path, embedder: Embedder
) -> None:
    farm = tmp_path / "farm.sqlite"
    with closing(sqlite3.connect(farm)) as connection, connection:
        connection.executescript(
            "CREATE TABLE farm (farm_id INTEGER PRIMARY KEY, name TEXT, state TEXT);"
            "CREATE TABLE field (field_id INTEGER PRIMARY KEY, farm_id INTEGER REFERENCES farm (farm_id), acres REAL);"
            "INSERT INTO farm VALUES (1, 'Oak Hill', 'Iowa'), (2, 'Red Barn', 'Ohio');"
            "INSERT INTO field VALUES (1, 1, 10.5), (2, 1, 4.5), (3, 2, 7);"
        )
    server = create_server(SqlSettings(database=str(farm)), embedder)
    async with open_toolbox(ServerTarget("relayboard-sql", "sql", Client(server))) as toolbox:
        farm_agent = SqlAgent(toolbox, embedder)
        for question in ("How many fields are in each state?", "How many fields of Oak Hill are there?"):
            result = await farm_agent.run(AgentTask(question))
            assert "no table named" not in result["answer"], question
        described = await farm_agent.run(AgentTask("What columns does the field table have?"))
    assert described["answer"].startswith("field has 3 rows and columns field_id (INTEGER), farm_id (INTEGER)")
