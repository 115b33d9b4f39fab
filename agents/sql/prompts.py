"""Prompts and fixed replies of the SQL agent."""

SYSTEM = """You answer questions from a read-only SQL database through tools.
Prefer a curated query tool when one fits. Otherwise find the relevant tables with search_schema (or
list_tables), read only those with describe_table, then call run_query with exactly one SELECT. If a tool
returns an error, read it, fix the query and try again (at most twice). Answer with the figures, and show the
SQL you ran; when the result says `truncated`, say that the row cap was reached."""


def decline(reason: str, tables: list[str], queries: list[str]) -> str:
    """An honest refusal that points at what could help."""
    parts = [
        "I can't answer that reliably: free-form questions need an LLM configured (set RELAYBOARD_LLM). "
        "Without one I only run a curated query, or a query built from the schema, that accounts for every word "
        f"of the question ({reason}); you can also send a SELECT yourself."
    ]
    if tables:
        parts.append(f"Closest tables: {', '.join(tables)}.")
    if queries:
        parts.append(f"Closest curated queries: {', '.join(queries)}.")
    return " ".join(parts)
