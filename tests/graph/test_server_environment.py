"""Secrets never reach servers that do not need them: each server subprocess gets only its own settings."""

import pytest

from graph.mcp_targets import child_environment

SECRETS = {
    "RELAYBOARD_API_KEYS": '{"plaintext-key-0123456789": {"name": "admin"}}',
    "RELAYBOARD_API_KEY": "client-key-0123456789abcdef",
    "RELAYBOARD_LLM_API_KEY": "sk-llm",
    "RELAYBOARD_DATABASE_URL": "postgresql://u:keystore-password@db/relayboard",
    "RELAYBOARD_CHECKPOINT_URL": "postgresql://u:checkpoint-password@db/relayboard",
    "RELAYBOARD_SQL_DATABASE": "postgresql://u:sql-password@db/chinook",
    "RELAYBOARD_QDRANT_API_KEY": "qdrant-key",
}


def test_each_server_gets_its_own_settings_and_the_call_token_secret_and_nothing_else(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in {**SECRETS, "RELAYBOARD_DATA_DIR": "/data", "OTEL_SERVICE_NAME": "x"}.items():
        monkeypatch.setenv(name, value)
    gateway_only = {name for name in SECRETS if name not in ("RELAYBOARD_SQL_DATABASE", "RELAYBOARD_QDRANT_API_KEY")}
    expected_secrets = {
        "retrieval": {"RELAYBOARD_QDRANT_API_KEY"},
        "sql": {"RELAYBOARD_SQL_DATABASE"},
        "summarise": set(),
    }
    for route, own in expected_secrets.items():
        env = child_environment(route, b"call-token-secret")  # type: ignore[arg-type]
        assert {name for name in SECRETS if name in env} == own, route
        assert not gateway_only & set(env), route
        assert env["RELAYBOARD_CALL_TOKEN_SECRET"] == "call-token-secret"
        assert env["RELAYBOARD_DATA_DIR"] == "/data" and env["OTEL_SERVICE_NAME"] == "x"
