"""Tokens by model: a generative request's chat calls report the provider's token counts as
`gen_ai.client.token.usage`, and the calls' durations as `gen_ai.client.operation.duration`."""

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from langchain_core.messages import AIMessage
from prometheus_client.parser import text_string_to_metric_families

from gateway.app import create_app
from graph.settings import SystemSettings
from graph.system import open_system
from tests.support.fake_chat import ScriptedChatModel

pytestmark = pytest.mark.e2e
# Its own model name: the metrics are the process's, and other tests' chat calls are counted there too.
MODEL = "token-metrics-fake"


def reply(text: str, *, tool: tuple[str, dict[str, str]] | None = None, tokens: tuple[int, int]) -> AIMessage:
    usage = {"input_tokens": tokens[0], "output_tokens": tokens[1], "total_tokens": sum(tokens)}
    calls = [{"name": tool[0], "args": tool[1], "id": f"call-{tool[0]}"}] if tool else []
    return AIMessage(text, tool_calls=calls, usage_metadata=usage)


def test_a_generative_request_counts_its_tokens_and_chat_calls_by_model(
    demo_data_dir: Path, embedder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(demo_data_dir, data_dir)
    monkeypatch.setenv("RELAYBOARD_DATA_DIR", str(data_dir))
    monkeypatch.setenv("RELAYBOARD_SQL_DATABASE", str(data_dir / "chinook.sqlite"))
    model = ScriptedChatModel(
        model_name=MODEL,
        script=[
            reply("", tool=("transfer_to_retrieval", {"task": "Find the docs about tracing"}), tokens=(100, 10)),
            reply("", tool=("search_documents", {"query": "tracing spans"}), tokens=(200, 20)),
            reply("Every request is one trace [docs/operations.md].", tokens=(300, 30)),
            reply("Relayboard traces each request as one trace.", tokens=(400, 40)),
        ],
    )
    app = create_app(system_factory=lambda: open_system(SystemSettings(), model=model, embedder=embedder))
    with TestClient(app, base_url=f"http://127.0.0.1:{app.state.settings.port}") as client:
        before = scrape(client)
        response = client.post("/v1/ask", json={"question": "How is a request traced?"})
        assert response.status_code == 200, response.text
        after = scrape(client)

    def grew(name: str, **labels: str) -> float:
        return total(after, name, labels) - total(before, name, labels)

    tokens = "gen_ai_client_token_usage"
    assert grew(f"{tokens}_sum", gen_ai_request_model=MODEL, gen_ai_token_type="input") == 1000
    assert grew(f"{tokens}_sum", gen_ai_request_model=MODEL, gen_ai_token_type="output") == 100
    assert grew(f"{tokens}_count", gen_ai_request_model=MODEL, gen_ai_token_type="input") == 4
    chats = "gen_ai_client_operation_duration_seconds_count"
    assert grew(chats, gen_ai_request_model=MODEL, gen_ai_operation_name="chat") == 4


def scrape(client: TestClient) -> list[tuple[str, dict[str, str], float]]:
    response = client.get("/metrics")
    assert response.status_code == 200, response.text
    families = text_string_to_metric_families(response.text)
    return [(s.name, s.labels, s.value) for family in families for s in family.samples]


def total(found: list[tuple[str, dict[str, str], float]], name: str, labels: dict[str, str]) -> float:
    return sum(value for n, have, value in found if n == name and labels.items() <= have.items())
