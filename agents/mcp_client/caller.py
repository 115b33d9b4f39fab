"""What a caller may read, carried to the MCP servers in every tool call's `_meta`."""

from typing import Any

from agents.contracts import Principal
from tools.sql.allowlist import CALLER_TABLES_META_KEY


def request_meta(principal: Principal) -> dict[str, Any] | None:
    """The `_meta` entries a tool call made for `principal` carries, or None when it carries no restriction."""
    if principal.sql_tables is None:
        return None
    return {CALLER_TABLES_META_KEY: list(principal.sql_tables)}
