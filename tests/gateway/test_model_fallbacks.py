"""Generative mode with fallbacks: a model that stalls or fails is retried, then the next one answers; the answer
and the request record name the model that did."""

import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from langchain_core.messages import AIMessage, HumanMessage
from langchain_core.messages.ai import UsageMetadata

from agents.chat import ANSWERED_BY, chat, models_replying
from gateway.app import create_app
from gateway.governance.settings import GovernanceSettings
from gateway.usage.store import UsageStore
from graph.fallbacks import FallbackChatModel
from graph.models import build_chat_model
from graph.settings import SystemSettings
from graph.system import AgentSystem, open_system
from tests.support.fake_chat import FailingChatModel, ScriptedChatModel, StalledChatModel
from tests.support.fake_system import client
from tools.errors import ConfigurationError, UpstreamUnavailable

USAGE = UsageMetadata(input_tokens=30, output_tokens=10, total_tokens=40)


def _fallbacks(answering: ScriptedChatModel) -> tuple[FallbackChatModel, StalledChatModel, FailingChatModel]:
    stalled, failing = StalledChatModel(), FailingChatModel()
    model = FallbackChatModel(
        models=[("stalled", stalled), ("failing", failing), ("answering", answering)],
        timeout_s=0.2,
        retries=1,
        backoff_s=0,
    )
    return model, stalled, failing


async def test_each_model_is_cut_off_at_its_timeout_and_retried_before_the_next_one_answers() -> None:
    model, stalled, failing = _fallbacks(ScriptedChatModel(script=[AIMessage("hello")]))
    with models_replying() as replied:
        reply = await chat(model.bind_tools([]), [HumanMessage("hi")], name=model.model_name)
    assert (reply.text, reply.response_metadata[ANSWERED_BY], replied) == ("hello", "answering", ["answering"])
    assert (stalled.calls, stalled.cancelled, failing.calls) == (2, 2, 2)  # one try and one retry each


async def test_when_no_model_answers_the_error_says_a_dependency_is_unavailable_and_names_them() -> None:
    stalled, failing = StalledChatModel(), FailingChatModel()
    model = FallbackChatModel(models=[("stalled", stalled), ("failing", failing)], timeout_s=0.1, retries=0)
    expected = r"no chat model answered \(stalled, failing, each tried 1 times\); the first failed with TimeoutError"
    for bound in (model, model.bind_tools([])):
        with pytest.raises(UpstreamUnavailable, match=expected):
            await chat(bound, [HumanMessage("hi")], name=model.model_name)
    assert (stalled.calls, failing.calls) == (2, 2)


def test_a_fallback_that_cannot_be_built_is_named_at_start_up() -> None:
    settings = SystemSettings(llm="openai:gpt-4o-mini", llm_api_key="sk-test", llm_fallbacks=["no-such-provider:x"])  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="RELAYBOARD_LLM_FALLBACKS names 'no-such-provider:x'"):
        build_chat_model(settings)


def _call(name: str, args: dict[str, object], call_id: str) -> AIMessage:
    return AIMessage("", tool_calls=[{"name": name, "args": args, "id": call_id}], usage_metadata=USAGE)


@pytest.mark.e2e
@pytest.mark.usefixtures("sdk_tracer_provider")
async def test_the_answer_and_its_request_record_name_the_fallback_that_answered(
    demo_data_dir: Path, embedder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(demo_data_dir, data_dir)
    monkeypatch.setenv("RELAYBOARD_DATA_DIR", str(data_dir))  # the MCP subprocesses read the same settings
    monkeypatch.setenv("RELAYBOARD_SQL_DATABASE", str(data_dir / "chinook.sqlite"))
    answering = ScriptedChatModel(
        script=[
            _call("transfer_to_sql", {"task": "Count the invoices issued in 2010"}, "handoff-1"),
            _call("invoices_in_year", {"year": 2010}, "tool-1"),
            AIMessage("The database has 82 invoices dated 2010.", usage_metadata=USAGE),
            AIMessage("82 invoices were issued in 2010.", usage_metadata=USAGE),
        ]
    )
    model, stalled, _ = _fallbacks(answering)

    @asynccontextmanager
    async def system() -> AsyncIterator[AgentSystem]:
        async with open_system(SystemSettings(), model=model, embedder=embedder) as opened:
            yield opened

    records = GovernanceSettings(data_dir=tmp_path / "records")
    app = create_app(system_factory=system, configure_telemetry=False, records=records)
    async with app.router.lifespan_context(app), client(app) as http:
        response = await http.post("/v1/ask", json={"question": "How many invoices were issued in 2010?"}, timeout=120)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert (answer["answer"], answer["model"]) == ("82 invoices were issued in 2010.", "answering")
    assert stalled.calls == 8  # four model calls, each tried twice on the stalled primary first

    store = await UsageStore.open(records.usage_url())
    try:
        (record,) = await store.records(answer["trace_id"])
    finally:
        await store.close()
    assert (record["model"], record["tokens_in"], record["tokens_out"]) == ("answering", 120, 40)
