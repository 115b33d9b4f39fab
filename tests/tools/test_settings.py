"""Settings fail at start-up with the variable to fix."""

import pytest
from pydantic import ValidationError

from graph.settings import SystemSettings
from tools.errors import ConfigurationError
from tools.settings import StoreSettings


def test_the_server_backend_needs_a_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RELAYBOARD_STORE_BACKEND", "server")
    with pytest.raises(ConfigurationError, match="needs RELAYBOARD_QDRANT_URL"):
        StoreSettings()


def test_http_transport_needs_every_server_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RELAYBOARD_MCP_TRANSPORT", "http")
    monkeypatch.setenv("RELAYBOARD_MCP_SQL_URL", "http://127.0.0.1:9/mcp")
    with pytest.raises(ConfigurationError, match="RELAYBOARD_MCP_RETRIEVAL_URL, RELAYBOARD_MCP_SUMMARISE_URL"):
        SystemSettings()


def test_an_external_server_needs_exactly_one_transport(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RELAYBOARD_MCP_SERVERS", '{"wiki": {"agent": "retrieval"}}')
    with pytest.raises(ValidationError, match="exactly one of `url`"):
        SystemSettings()
    monkeypatch.setenv("RELAYBOARD_MCP_SERVERS", '{"wiki": {"agent": "retrieval", "url": "http://wiki/mcp"}}')
    assert SystemSettings().mcp_servers["wiki"].url == "http://wiki/mcp"
