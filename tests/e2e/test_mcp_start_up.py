"""`relayboard mcp` with its own agent system answers the handshake before its models and stores load, and a
call that comes sooner waits for them, saying so."""

import json
import shutil
import sys
import time
from pathlib import Path

import anyio
import pytest
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

from evals.harness.otlp import OtlpReceiver
from evals.harness.processes import REPO, free_port, system_environment, wait_until
from gateway.cli.mcp import RESTATED
from gateway.mcp_edge.early import ANSWERED_BY, load_manifest
from gateway.mcp_edge.settings import EDGE_TOOLS
from gateway.mcp_edge.system_handle import WAITING
from gateway.mcp_stdio import WROTE
from tests.conftest import tracing_env
from tests.support.raw_stdio import INITIALIZED, RawStdio, handshake, hello, request
from tests.support.relayboard_mcp import ended_summary_calls

pytestmark = pytest.mark.e2e
LONG_TEXT = " ".join(f"Finding {i} concerns the {('pump', 'valve', 'sensor')[i % 3]} in unit {i}." for i in range(700))
# The issue asks for 1 s: tools/list answers 0.5-1.1 s after start at load 6-9 on the 2-core dev machine (the start-up
# manifest answers while the MCP SDK imports; 2.4-4.8 s before it). The bound is for a loaded CI machine; that the
# manifest answered, whatever the load, is asserted from the log, and tests/gateway/test_mcp_edge_imports.py
# catches the SDK or a heavy stack creeping back ahead of the first answer.
BOUND_S = 5.0


async def test_relayboard_mcp_answers_initialize_and_tools_list_before_loading_and_says_when_a_call_waits(
    demo_data_dir: Path, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(demo_data_dir, data_dir)
    env = system_environment(data_dir, RELAYBOARD_PORT=str(free_port()))  # no gateway there: its own system
    command = StdioServerParameters(command=sys.executable, args=["-m", "gateway.cli", "mcp"], env=env, cwd=REPO)
    progressed: list[str] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        progressed.append(message or "")

    with (tmp_path / "stderr.log").open("w") as errlog, anyio.fail_after(180):
        started = time.perf_counter()
        async with stdio_client(command, errlog=errlog) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                initialized_s = time.perf_counter() - started
                names = {tool.name for tool in (await session.list_tools()).tools}
                listed_s = time.perf_counter() - started
                sql = {"sql": "SELECT COUNT(*) AS n FROM Customer"}
                rows = await session.call_tool("run_sql", sql, progress_callback=on_progress)
    print(f"relayboard mcp: initialize {initialized_s:.2f} s, tools/list {listed_s:.2f} s after start")
    assert names == set(EDGE_TOOLS)
    assert rows.structured_content is not None and rows.structured_content["rows"] == [[59]]
    assert WAITING in progressed  # the handshake came before the system opened
    assert "from the start-up manifest" in (tmp_path / "stderr.log").read_text()  # and before the SDK loaded
    assert listed_s < BOUND_S, f"tools/list {listed_s:.2f} s after start"


@pytest.fixture
def own_system(demo_data_dir: Path, tmp_path: Path) -> dict[str, str]:
    """The environment of a `relayboard mcp` with its own system (no gateway answers) on a copy of the demo data."""
    data_dir = tmp_path / "data"
    shutil.copytree(demo_data_dir, data_dir)
    return system_environment(data_dir, RELAYBOARD_PORT=str(free_port()))


@pytest.mark.parametrize(
    "version",
    [  # the newest in `make test`; the others in `make test-all` (keeps `make test` inside its 15 minutes)
        pytest.param("2024-11-05", marks=pytest.mark.slow),
        "2025-11-25",
        pytest.param("1999-01-01", marks=pytest.mark.slow),
    ],
)
def test_the_manifests_early_answers_are_the_sdks_and_its_session_goes_on_in_the_negotiated_version(
    own_system: dict[str, str], tmp_path: Path, version: str
) -> None:
    served = load_manifest()
    negotiated = version if version in served["versions"] else served["latest"]
    expected = served["versions"][negotiated]
    mcp = RawStdio(own_system, tmp_path / "stderr.log")
    try:
        # Pipelined, as fast as a client can: the listings the manifest answers, one only the SDK does, a ping.
        mcp.send(request(1, "initialize", hello(version)), INITIALIZED, request(2, "tools/list"))
        mcp.send(request(3, "resources/templates/list"), request(4, "ping"), request(5, "prompts/list"))
        early = mcp.answers({1, 2, 3, 4, 5})
        mcp.send(request(6, "tools/list"), request(7, "tools/call", {"name": "list_tables", "arguments": {}}))
        later = mcp.answers({6, 7})
    finally:
        mcp.close()
    log = (tmp_path / "stderr.log").read_text()
    assert early[1]["result"] == expected["initialize"]
    assert early[2]["result"] == later[6]["result"] == expected["tools/list"]  # the second from the SDK
    assert early[3]["result"] == expected["resources/templates/list"]
    assert early[4]["result"] == expected["ping"]
    assert early[5]["result"] == expected["prompts/list"]
    assert "Customer" in json.dumps(later[7]["result"]["structuredContent"])
    assert ANSWERED_BY % (negotiated, "the start-up manifest") in log
    assert "differs from the MCP SDK" not in log  # the SDK answered the replayed requests the same way


def test_a_client_that_does_not_open_with_initialize_is_answered_by_the_sdk_alone(
    own_system: dict[str, str], tmp_path: Path
) -> None:
    mcp = RawStdio(own_system, tmp_path / "stderr.log")
    try:
        mcp.send(request(1, "ping"), request(2, "initialize", hello("2025-06-18")), INITIALIZED, request(3, "ping"))
        found = mcp.answers({1, 2, 3})
    finally:
        mcp.close()
    assert found[2]["result"] == load_manifest()["versions"]["2025-06-18"]["initialize"]
    assert "result" in found[3]
    assert "from the start-up manifest" not in (tmp_path / "stderr.log").read_text()


def test_other_settings_are_answered_early_from_the_restated_manifest_first_then_from_the_cached_one(
    own_system: dict[str, str], tmp_path: Path
) -> None:
    env = {**own_system, "RELAYBOARD_SQL_ROW_LIMIT": "7"}
    first = RawStdio(env, tmp_path / "first.log")
    try:
        restated = handshake(first, "2025-06-18")
        wait_until(lambda: WROTE in (tmp_path / "first.log").read_text(), timeout=60, what="the manifest cached")
        first.send(request(90, "tools/list"))  # the SDK serves by now (it cached its manifest): its own answer
        by_the_sdk = first.answers({90})[90]["result"]
    finally:
        first.close()
    second = RawStdio(env, tmp_path / "second.log")
    try:
        cached = handshake(second, "2025-06-18")
    finally:
        second.close()
    first_log, second_log = (tmp_path / "first.log").read_text(), (tmp_path / "second.log").read_text()
    run_sql = next(tool for tool in by_the_sdk["tools"] if tool["name"] == "run_sql")
    assert "at most 7 rows" in run_sql["description"]
    assert restated["tools/list"] == cached["tools/list"] == by_the_sdk
    assert restated == cached
    assert ANSWERED_BY % ("2025-06-18", RESTATED) in first_log
    assert "answered initialize (protocol 2025-06-18) from the start-up manifest cached at" in second_log
    for log in (first_log, second_log):
        assert "differs from the MCP SDK" not in log and "after it was answered early" not in log


@pytest.mark.slow  # in `make test-all`: keeps `make test` inside its 15 minutes
async def test_progress_and_cancellation_work_over_stdio_after_the_early_handshake(
    own_system: dict[str, str], tmp_path: Path, otlp_receiver: OtlpReceiver
) -> None:
    env = {**own_system, **tracing_env(otlp_receiver)}
    command = StdioServerParameters(command=sys.executable, args=["-m", "gateway.cli", "mcp"], env=env, cwd=REPO)
    reports: list[str] = []
    started = anyio.Event()

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        reports.append(message or "")
        started.set()

    with (tmp_path / "stderr.log").open("w") as errlog, anyio.fail_after(300):
        async with stdio_client(command, errlog=errlog) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                summary = await session.call_tool(
                    "summarise", {"text": LONG_TEXT, "max_words": 60}, progress_callback=on_progress
                )
                started = anyio.Event()
                huge = " ".join([LONG_TEXT] * 40)  # minutes of work if it ran on
                asked_ns = time.time_ns()
                async with anyio.create_task_group() as group:
                    group.start_soon(
                        lambda: session.call_tool("summarise", {"text": huge}, progress_callback=on_progress)
                    )
                    await started.wait()
                    group.cancel_scope.cancel()
                cancelled_ns = time.time_ns()
                # While the session is open: closing it stops the server, which would end the span anyway.
                spans = await anyio.to_thread.run_sync(ended_summary_calls, otlp_receiver, asked_ns)
                rows = await session.call_tool("run_sql", {"sql": "SELECT COUNT(*) AS n FROM Customer"})
    assert "from the start-up manifest" in (tmp_path / "stderr.log").read_text()
    assert summary.structured_content is not None and summary.structured_content["rounds"] >= 1
    assert any("map-reduce round 1" in message for message in reports), reports
    assert spans, "the summarise server's call did not end within 60 s of the cancellation: it ran on"
    assert spans[0].end_ns - cancelled_ns < 30e9
    assert rows.structured_content is not None and rows.structured_content["rows"] == [[59]]


@pytest.mark.parametrize(
    ("setting", "value", "said"),
    [
        (
            "RELAYBOARD_SQL_ROW_LIMIT",
            "abc",
            "RELAYBOARD_SQL_ROW_LIMIT: Input should be a valid integer, unable to parse string as an integer "
            "(got 'abc')",
        ),
        (
            "RELAYBOARD_MCP_TOOL_DESCRIPTIONS",
            '{"nope": "x"}',
            "RELAYBOARD_MCP_TOOL_DESCRIPTIONS names no such tool: nope; the edge's tools are ask,",
        ),
    ],
    ids=["not a number", "an unknown tool"],
)
def test_a_bad_setting_is_the_error_of_initialize_and_of_every_later_request_not_an_exit(
    tmp_path: Path, setting: str, value: str, said: str
) -> None:
    env = system_environment(tmp_path / "data", RELAYBOARD_PORT=str(free_port()), **{setting: value})
    mcp = RawStdio(env, tmp_path / "stderr.log")
    try:
        mcp.send(request(1, "initialize", hello("2025-06-18")), INITIALIZED, request(2, "tools/list"))
        found = mcp.answers({1, 2})
        still_running = mcp.process.poll() is None
    finally:
        mcp.close()
    assert still_running
    for answer in found.values():
        message = answer["error"]["message"]
        assert message.startswith(f"relayboard mcp could not start: {said}")
        assert "\n" not in message
