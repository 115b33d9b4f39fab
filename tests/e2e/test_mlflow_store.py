"""MLflow as a second trace store: a real request's trace, sent over OTLP by the gateway and the MCP servers,
reads back through MLflow's API with MLflow's span types."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from langchain_core.messages import AIMessage

from gateway.app import create_app
from graph.settings import SystemSettings
from graph.system import open_system
from tests.support.fake_chat import ScriptedChatModel
from tests.support.mlflow import MlflowServer, running_mlflow

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def call(name: str, args: dict[str, str], call_id: str) -> AIMessage:
    return AIMessage("", tool_calls=[{"name": name, "args": args, "id": call_id}])


@pytest.fixture(scope="module")
def mlflow_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MlflowServer]:
    with running_mlflow(tmp_path_factory.mktemp("mlflow")) as server:
        yield server


def test_a_generative_request_reads_back_from_mlflow_with_its_span_types(
    mlflow_server: MlflowServer, demo_data_dir: Path, embedder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    data_dir = tmp_path / "data"
    shutil.copytree(demo_data_dir, data_dir)
    # The gateway (this process) and its MCP servers (subprocesses inheriting OTEL_*) export to MLflow directly;
    # the experiment header is how MLflow's OTLP endpoint files the spans ("0" is the default experiment).
    for name, value in {
        "RELAYBOARD_DATA_DIR": str(data_dir),
        "RELAYBOARD_SQL_DATABASE": str(data_dir / "chinook.sqlite"),
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": mlflow_server.otlp_traces_endpoint,
        "OTEL_EXPORTER_OTLP_TRACES_HEADERS": "x-mlflow-experiment-id=0",
        "OTEL_BSP_SCHEDULE_DELAY": "100",
    }.items():
        monkeypatch.setenv(name, value)
    # Generative mode through the scripted chat model at the model seam: the supervisor hands off, the retrieval
    # agent calls the real search tool over MCP, answers, and the supervisor answers.
    model = ScriptedChatModel(
        script=[
            call("transfer_to_retrieval", {"task": "Find the docs about tracing"}, "handoff-1"),
            call("search_documents", {"query": "tracing Jaeger spans"}, "tool-1"),
            AIMessage("Every request produces one trace [docs/operations.md]."),
            AIMessage("Relayboard traces each request as one trace."),
        ]
    )
    app = create_app(system_factory=lambda: open_system(SystemSettings(), model=model, embedder=embedder))
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:  # a Host the gateway serves by default
        response = client.post("/v1/ask", json={"question": "How is a request traced?"})
        assert response.status_code == 200, response.text
        trace_id = response.json()["trace_id"]
    # Leaving the client ran the lifespan's shutdown, which flushed the gateway's spans; the servers flush on exit.

    wanted = {"AGENT", "TOOL", "RETRIEVER", "CHAT_MODEL"}
    spans = wait_for_spans(mlflow_server, trace_id, lambda found: wanted <= {kind for _, kind, _ in found})
    types = {name: kind for name, kind, _ in spans}
    assert types["POST /v1/ask"] == "CHAIN"
    assert types["invoke_agent retrieval"] == "AGENT"
    assert types["execute_tool search_documents"] == "TOOL"
    assert types["tools/call search_documents"] == "TOOL"
    assert types["retrieve"] == "RETRIEVER"
    assert [name for name, kind, _ in spans if kind == "CHAT_MODEL"]
    assert [name for name, _, parent in spans if parent is None] == ["POST /v1/ask"]


def wait_for_spans(server: MlflowServer, trace_id: str, predicate, timeout: float = 60):
    import time

    deadline = time.monotonic() + timeout
    found: list[tuple[str, str, str | None]] | None = None
    while time.monotonic() < deadline:
        found = server.spans(trace_id)
        if found and predicate(found):
            return found
        time.sleep(0.5)
    raise AssertionError(f"MLflow did not show the trace {trace_id} whole within {timeout}s: {found}")
