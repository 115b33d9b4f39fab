"""`relayboard mcp` as an IDE starts it, and an MCP session with it serving through a running gateway."""

import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlsplit

import anyio
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client
from mcp.types import InitializeResult

from evals.harness.otlp import OtlpReceiver, SpanRecord
from evals.harness.processes import REPO, system_environment


def ended_summary_calls(receiver: OtlpReceiver, since_ns: int, *, timeout: float = 60) -> list[SpanRecord]:
    """The summarise server's `summarise_text` call spans started after `since_ns`, once one has ended (spans are
    exported when they end); an empty list after `timeout` seconds: the call ran on. Blocking: run it in a thread."""
    return receiver.spans_when(
        lambda span: (
            span.service == "relayboard-mcp-summarise"
            and span.name == "tools/call summarise_text"
            and span.start_ns > since_ns
        ),
        timeout=timeout,
    )


def relayboard_mcp(data_dir: Path, port: int) -> StdioServerParameters:
    """`relayboard mcp` on `data_dir`, looking for a gateway on 127.0.0.1:`port`."""
    env = system_environment(data_dir, RELAYBOARD_PORT=str(port))
    return StdioServerParameters(command=sys.executable, args=["-m", "gateway.cli", "mcp"], env=env, cwd=REPO)


@asynccontextmanager
async def proxied_session(
    gateway_url: str, data_dir: Path, errlog: Path, *, within_s: float = 180
) -> AsyncIterator[tuple[ClientSession, InitializeResult]]:
    """An initialized session with `relayboard mcp` on `data_dir`, which the gateway at `gateway_url` holds, so it
    serves through that gateway; its stderr goes to `errlog`, and the whole block must end within `within_s`."""
    port = urlsplit(gateway_url).port
    assert port is not None, gateway_url
    with errlog.open("w") as log, anyio.fail_after(within_s):
        async with stdio_client(relayboard_mcp(data_dir, port), errlog=log) as (read, write):
            async with ClientSession(read, write) as session:
                yield session, await session.initialize()
