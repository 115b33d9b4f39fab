"""The start-up manifest `relayboard mcp` answers from before the MCP SDK loads is what the live SDK server serves:
the committed file is rebuilt from the server here, so the two cannot drift (`python -m gateway.mcp_edge.manifest`
rewrites it)."""

import pytest
from mcp_types.version import HANDSHAKE_PROTOCOL_VERSIONS, LATEST_HANDSHAKE_VERSION

from gateway.mcp_edge.descriptions import ServedLimits
from gateway.mcp_edge.early import EARLY_METHODS, load_manifest
from gateway.mcp_edge.manifest import build_manifest
from gateway.mcp_edge.restated import restated_manifest
from gateway.mcp_edge.settings import EDGE_TOOLS, EdgeSettings


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


# Each changes one or more facts the listings state; together they change every one.
OTHER_SETTINGS = {
    "sql limits and a description": {
        "RELAYBOARD_SQL_ROW_LIMIT": "7",
        "RELAYBOARD_SQL_TIMEOUT_S": "2.5",
        "RELAYBOARD_MCP_TOOL_DESCRIPTIONS": '{"ask": "Ask the team wiki."}',
    },
    "a small body cap": {"RELAYBOARD_MAX_BODY_BYTES": "65536"},
    "a question cap and postgres": {
        "RELAYBOARD_MAX_QUESTION_CHARS": "4000",
        "RELAYBOARD_SQL_DATABASE": "postgresql://reader@db.internal/chinook",
    },
}


@pytest.mark.parametrize("environment", OTHER_SETTINGS.values(), ids=OTHER_SETTINGS.keys())
def test_the_committed_manifest_restated_for_other_settings_is_what_their_live_server_serves(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str]
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    live = build_manifest()
    limits = ServedLimits.from_environment()
    assert live["facts"] != load_manifest()["facts"]
    assert restated_manifest(load_manifest(), limits, EdgeSettings().tool_descriptions) == live


def test_a_manifest_without_the_capped_argument_is_not_restated() -> None:
    committed = load_manifest()
    for served in committed["versions"].values():
        ask = next(tool for tool in served["tools/list"]["tools"] if tool["name"] == "ask")
        del ask["inputSchema"]["properties"]["question"]["maxLength"]
    limits = ServedLimits.from_environment()
    assert restated_manifest(committed, limits, {}) is None
