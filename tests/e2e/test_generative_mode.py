"""Generative mode: a scripted chat model drives supervisor -> agent -> real MCP tool -> answer."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from langchain_core.messages import AIMessage, ToolMessage

from graph.settings import SystemSettings
from graph.system import AgentSystem, open_system
from tests.support.fake_chat import ScriptedChatModel

pytestmark = pytest.mark.e2e


def call(name: str, args: dict, call_id: str) -> AIMessage:
    return AIMessage("", tool_calls=[{"name": name, "args": args, "id": call_id}])


@pytest.fixture(scope="module")
async def generative(
    demo_data_dir: Path, embedder, tmp_path_factory
) -> AsyncIterator[tuple[AgentSystem, ScriptedChatModel]]:
    import os
    import shutil

    data_dir = tmp_path_factory.mktemp("generative") / "data"
    shutil.copytree(demo_data_dir, data_dir)
    saved = {key: os.environ.get(key) for key in ("RELAYBOARD_DATA_DIR", "RELAYBOARD_SQL_DATABASE")}
    os.environ["RELAYBOARD_DATA_DIR"] = str(data_dir)  # the MCP subprocesses read the same settings
    os.environ["RELAYBOARD_SQL_DATABASE"] = str(data_dir / "chinook.sqlite")
    model = ScriptedChatModel()
    try:
        async with open_system(SystemSettings(), model=model, embedder=embedder) as system:
            yield system, model
    finally:
        for key, value in saved.items():
            os.environ.pop(key, None) if value is None else os.environ.__setitem__(key, value)


async def test_the_model_routes_to_the_sql_agent_which_calls_the_real_mcp_tool(generative) -> None:
    system, model = generative
    model.script = [
        call("transfer_to_sql", {"task": "Count the invoices issued in 2010"}, "handoff-1"),
        call("invoices_in_year", {"year": 2010}, "tool-1"),
        AIMessage("The database has 82 invoices dated 2010."),
        AIMessage("82 invoices were issued in 2010."),
    ]
    model.received.clear()
    answer = await system.ask("How many invoices were issued in 2010?")

    assert (answer.mode, answer.model, answer.routes) == ("generative", "scripted-fake", ["sql"])
    assert answer.answer == "82 invoices were issued in 2010."
    assert answer.sql[0]["tool"] == "invoices_in_year" and answer.sql[0]["rows"] == [[82]]
    tool_results = [m for m in model.received[2] if isinstance(m, ToolMessage)]
    assert "82" in str(tool_results[0].content)  # the real server's result reached the model
    assert "The database has 82 invoices dated 2010." in str(model.received[3][-1].content)
    assert any("transfer_to_sql" in names for names in model.bound)
    assert any({"run_query", "invoices_in_year"} <= set(names) for names in model.bound)


async def test_a_tool_error_reaches_the_model_which_corrects_its_query(generative) -> None:
    system, model = generative
    model.script = [
        call("transfer_to_sql", {"task": "How many customers are there?"}, "handoff-2"),
        call("run_query", {"sql": "SELECT COUNT(*) FROM Customers"}, "tool-2"),
        call("run_query", {"sql": "SELECT COUNT(*) FROM Customer"}, "tool-3"),
        AIMessage("There are 59 customers."),
        AIMessage("We have 59 customers."),
    ]
    model.received.clear()
    answer = await system.ask("How many customers do we have?")

    error = [m for m in model.received[2] if isinstance(m, ToolMessage)][-1]
    assert error.status == "error" and "no such table: Customers" in str(error.content)
    assert answer.sql[0]["rows"] == [[59]] and answer.answer == "We have 59 customers."


async def test_retrieval_then_summarise_in_generative_mode_cites_each_summary_sentence(generative) -> None:
    system, model = generative
    model.script = [
        call("transfer_to_retrieval", {"task": "Find the docs about tracing"}, "handoff-3"),
        call("search_documents", {"query": "tracing Jaeger spans"}, "tool-4"),
        AIMessage("Every request produces one trace [docs/operations.md]."),
        call("transfer_to_summarise", {"task": "Summarise what was found about tracing"}, "handoff-4"),
        AIMessage("Each request is one trace, viewable in Jaeger."),
        AIMessage("Relayboard traces each request as one trace, viewable in Jaeger."),
    ]
    model.received.clear()
    answer = await system.ask("Find the docs about tracing and summarise them")
    assert answer.routes == ["retrieval", "summarise"]
    assert "docs/operations.md" in {c["doc_id"] for c in answer.citations}
    (summary,) = answer.summaries
    assert (
        summary["mode"] == "generative"
        and summary["sentences"][0]["text"] == "Each request is one trace, viewable in Jaeger."
    )
    writer_input = str(model.received[4][-1].content)  # the retrieved passages reached the writing call
    assert summary["sentences"][0]["source_text"] in writer_input


MEETING = (
    "The council met on Tuesday to discuss the new bike lanes on Main Street. Residents raised concerns about "
    "parking. Cyclists argued the lanes would reduce accidents. The council agreed to run a six-month trial "
    "starting in March and to review accident data afterwards."
)


async def test_a_fabricated_summary_sentence_is_flagged_and_a_copied_one_is_not(generative) -> None:
    system, model = generative
    model.script = [
        call("transfer_to_summarise", {"task": f"Summarise this in two sentences: {MEETING}"}, "handoff-5"),
        AIMessage(
            "The council agreed to run a six-month trial starting in March. "
            "The mayor resigned after a scandal over the harbour contract."
        ),
        AIMessage("The council will trial the bike lanes from March."),
    ]
    model.received.clear()
    answer = await system.ask(f"Summarise this in two sentences: {MEETING}")

    (summary,) = answer.summaries
    assert [s["supported"] for s in summary["sentences"]] == [True, False] and summary["unsupported"] == 1
    copied = summary["sentences"][0]
    assert copied["doc_id"] == "question" and copied["source_text"].startswith("The council agreed")
    assert "at most 2 sentences" in str(model.received[1][0].content)  # the length reached the writing prompt
    step_answer = str(model.received[2][-1].content)  # what the supervisor was told
    assert "no clear support in the source" in step_answer and "harbour contract" in step_answer
