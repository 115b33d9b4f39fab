"""The start-up manifest `relayboard mcp` answers from before the MCP SDK loads is what the live SDK server serves:
the committed file is rebuilt from the server here, so the two cannot drift (`python -m gateway.mcp_edge.manifest`
rewrites it)."""

from mcp_types.version import HANDSHAKE_PROTOCOL_VERSIONS, LATEST_HANDSHAKE_VERSION

from gateway.mcp_edge.early import EARLY_METHODS, load_manifest
from gateway.mcp_edge.manifest import build_manifest
from gateway.mcp_edge.settings import EDGE_TOOLS


def test_the_committed_start_up_manifest_is_what_the_live_sdk_server_serves_at_every_handshake_version() -> None:
    committed = load_manifest()
    assert committed == build_manifest(), "stale: run `python -m gateway.mcp_edge.manifest` without RELAYBOARD_*"
    assert committed["latest"] == LATEST_HANDSHAKE_VERSION
    assert sorted(committed["versions"]) == sorted(HANDSHAKE_PROTOCOL_VERSIONS)
    for version, served in committed["versions"].items():
        assert set(EARLY_METHODS) <= set(served)
        assert served["initialize"]["protocolVersion"] == version
        assert [tool["name"] for tool in served["tools/list"]["tools"]] == list(EDGE_TOOLS)


def test_the_manifest_is_of_the_default_settings_and_other_settings_build_another(monkeypatch) -> None:
    assert load_manifest()["facts"]["tool_descriptions"] == {}
    monkeypatch.setenv("RELAYBOARD_SQL_ROW_LIMIT", "7")
    other = build_manifest()
    assert other["facts"]["limits"]["row_limit"] == 7
    run_sql = next(
        t for t in other["versions"][LATEST_HANDSHAKE_VERSION]["tools/list"]["tools"] if t["name"] == "run_sql"
    )
    assert "at most 7 rows" in run_sql["description"]
