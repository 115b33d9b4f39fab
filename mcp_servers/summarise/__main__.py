"""`python -m mcp_servers.summarise [--http HOST:PORT]`."""

from mcp_servers.runner import run_server
from mcp_servers.summarise.server import create_server
from tools.settings import EmbeddingSettings

run_server("summarise", lambda: create_server(EmbeddingSettings()))
