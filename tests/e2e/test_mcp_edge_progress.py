"""Long edge calls report progress to the client's progressToken, and a cancelled call stops its work."""

import time
from pathlib import Path

import anyio
import pytest
from fastmcp import Client

from evals.harness.otlp import OtlpReceiver
from tests.support.relayboard_mcp import ended_summary_calls, proxied_session

pytestmark = pytest.mark.e2e
LONG_TEXT = " ".join(f"Finding {i} concerns the {('pump', 'valve', 'sensor')[i % 3]} in unit {i}." for i in range(700))


class Reports:
    """The progress notifications one call received, in order."""

    def __init__(self) -> None:
        self.values: list[float] = []
        self.messages: list[str] = []

    async def __call__(self, progress: float, total: float | None, message: str | None) -> None:
        self.values.append(progress)
        self.messages.append(message or "")

    def increase(self) -> bool:
        return all(a < b for a, b in zip(self.values, self.values[1:], strict=False))


async def test_summarise_reports_the_servers_progress_to_the_callers_token(gateway_url: str) -> None:
    reports = Reports()
    async with Client(f"{gateway_url}/mcp", timeout=180) as client:
        result = await client.call_tool("summarise", {"text": LONG_TEXT, "max_words": 60}, progress_handler=reports)
    assert result.structured_content["rounds"] >= 1
    assert any("map-reduce round 1" in message for message in reports.messages), reports.messages
    assert reports.increase()


async def test_ask_reports_each_route_and_tool_call_as_progress(gateway_url: str) -> None:
    reports = Reports()
    async with Client(f"{gateway_url}/mcp", timeout=120) as client:
        await client.call_tool("ask", {"question": "How many invoices were issued in 2010?"}, progress_handler=reports)
    assert reports.messages[0] == "routing to sql" and any(m.startswith("calling ") for m in reports.messages)
    assert reports.values == [float(n) for n in range(1, len(reports.values) + 1)]


async def test_progress_reaches_an_ide_on_stdio_through_the_gateway(
    gateway_url: str, gateway_data_dir: Path, tmp_path: Path
) -> None:
    reports = Reports()
    async with proxied_session(gateway_url, gateway_data_dir, tmp_path / "stderr.log") as (session, _):
        await session.call_tool("summarise", {"text": LONG_TEXT, "max_words": 60}, progress_callback=reports)
    assert any("map-reduce round 1" in message for message in reports.messages), reports.messages


async def test_a_cancelled_summary_stops_its_work_on_the_summarise_server(
    gateway_url: str, otlp_receiver: OtlpReceiver
) -> None:
    huge = " ".join([LONG_TEXT] * 40)  # minutes of work if it ran on, within the edge's text limit
    started = anyio.Event()
    asked_ns = time.time_ns()

    async def on_progress(_progress: float, _total: float | None, _message: str | None) -> None:
        started.set()

    async with Client(f"{gateway_url}/mcp", timeout=180) as client:
        async with anyio.create_task_group() as group:
            group.start_soon(lambda: client.call_tool("summarise", {"text": huge}, progress_handler=on_progress))
            with anyio.fail_after(120):
                await started.wait()
            group.cancel_scope.cancel()
    cancelled_ns = time.time_ns()

    spans = await anyio.to_thread.run_sync(ended_summary_calls, otlp_receiver, asked_ns)
    seen = sorted({(x.service, x.name) for x in list(otlp_receiver.spans) if x.start_ns > asked_ns})
    assert spans, f"the summarise server's call did not end within 60 s of the cancellation: it ran on ({seen})"
    assert spans[0].end_ns - cancelled_ns < 30e9
