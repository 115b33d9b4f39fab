"""`python -m mcp_servers.retrieval [--http HOST:PORT]`."""

from mcp_servers.retrieval.server import create_server
from mcp_servers.runner import run_server
from tools.settings import EmbeddingSettings, StoreSettings

run_server("retrieval", lambda: create_server(StoreSettings(), EmbeddingSettings()))
