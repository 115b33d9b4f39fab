"""Which servers' results skip the MCP SDK's output-schema check: our three servers', over stdio and HTTP; never an
external server's."""

from pathlib import Path
from typing import Literal

import pytest
from pydantic import SecretStr

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
