"""The MCP servers the agent system opens: which results skip the MCP SDK's output-schema check (our three servers',
over stdio and HTTP; never an external server's), and where a stdio server's own log goes."""

import sys
from pathlib import Path
from typing import Literal

import pytest
from pydantic import SecretStr

from agents.mcp_client import ConnectOptions, ServerExited, open_server
from graph.mcp_targets import server_targets
from graph.settings import ExternalServer, SystemSettings
from tools.call_tokens import CallSigner
from tools.settings import CallTokenSettings

SECRET = "targets-call-token-secret-0123456789abcdef"


@pytest.mark.parametrize("transport", ["stdio", "http"])
def test_only_our_own_servers_are_trusted_to_send_results_of_their_declared_shape(
    tmp_path: Path, transport: Literal["stdio", "http"]
) -> None:
    settings = SystemSettings(
        data_dir=tmp_path,
        mcp_transport=transport,
        mcp_retrieval_url="http://127.0.0.1:9/retrieval",
        mcp_sql_url="http://127.0.0.1:9/sql",
        mcp_summarise_url="http://127.0.0.1:9/summarise",
        mcp_servers={
            "weather": ExternalServer(agent="retrieval", url="http://127.0.0.1:9/weather"),
            "notes": ExternalServer(agent="summarise", command="notes-server"),
        },
    )
    tokens = CallTokenSettings(call_token_secret=SecretStr(SECRET), data_dir=tmp_path)
    targets = server_targets(settings, CallSigner(SECRET.encode(), ttl_s=60), tokens)
    assert {target.name: target.typed_results for target in targets} == {
        "relayboard-retrieval": True,
        "relayboard-sql": True,
        "relayboard-summarise": True,
        "weather": False,
        "notes": False,
    }


async def test_an_external_stdio_server_that_exits_at_start_up_is_named_with_its_own_last_words_and_its_log(
    tmp_path: Path,
) -> None:
    """Its stderr goes to its own log under the data dir (not into the gateway's structured log), so the start-up
    error can say what it said and where to read the rest."""
    complaint = "set NOTES_TOKEN to your notes API token"
    exits = f"import sys; print('starting', file=sys.stderr); print({complaint!r}, file=sys.stderr); sys.exit(2)"
    server = ExternalServer(agent="summarise", command=sys.executable, args=["-c", exits])
    settings = SystemSettings(data_dir=tmp_path, mcp_servers={"notes/v2": server})
    tokens = CallTokenSettings(call_token_secret=SecretStr(SECRET), data_dir=tmp_path)
    external = server_targets(settings, CallSigner(SECRET.encode(), ttl_s=60), tokens)[-1]

    with pytest.raises(ServerExited) as exited:
        await open_server(external, ConnectOptions(start_timeout_s=30, connect_timeout_s=30))

    log = tmp_path / "logs" / "mcp-external-notes_v2.log"
    assert complaint in str(exited.value) and str(log) in str(exited.value)
    assert complaint in log.read_text()
