"""Prompts and fixed replies of the SQL agent."""

SYSTEM = """You answer questions from a read-only SQL database through tools.
Prefer a curated query tool when one fits. Otherwise call list_tables and describe_table for the relevant
tables, then run_query with exactly one SELECT. If a tool returns an error, read it, fix the query and try
again (at most twice). Answer with the figures, and show the SQL you ran."""


def decline(reason: str, tables: list[str], queries: list[str]) -> str:
    """An honest refusal that points at what could help."""
    parts = [
        f"I can't answer that reliably without a language model ({reason}). "
        "Free-form questions need RELAYBOARD_LLM configured; you can also send a SELECT statement yourself."
    ]
    if tables:
        parts.append(f"Closest tables: {', '.join(tables)}.")
    if queries:
        parts.append(f"Closest curated queries: {', '.join(queries)}.")
    return " ".join(parts)
