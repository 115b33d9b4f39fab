"""What the caller of the current request may read, carried to the MCP servers in every tool call's `_meta`.

The gateway sets it per request (from the API key); tool calls made while answering inherit it. It is never
taken from a model's output, so a model cannot widen what its caller may read.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from tools.sql.allowlist import CALLER_TABLES_META_KEY

_sql_tables: ContextVar[tuple[str, ...] | None] = ContextVar("relayboard_caller_sql_tables", default=None)


@contextmanager
def caller_sql_tables(tables: Sequence[str] | None) -> Iterator[None]:
    """Within the block, SQL tool calls may read only `tables` (None: whatever the deployment allows)."""
    token = _sql_tables.set(tuple(tables) if tables is not None else None)
    try:
        yield
    finally:
        _sql_tables.reset(token)


def request_meta() -> dict[str, Any] | None:
    """The `_meta` entries the current caller's tool calls carry, or None."""
    tables = _sql_tables.get()
    return {CALLER_TABLES_META_KEY: list(tables)} if tables is not None else None
