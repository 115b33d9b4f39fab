"""`python -m mcp_servers.sql [--http HOST:PORT]`."""

from mcp_servers.runner import run_server
from mcp_servers.sql.server import create_server
from tools.settings import SqlSettings

run_server("sql", lambda: create_server(SqlSettings()))
