"""Fitting an agent's text arguments to the limits its tools publish, so a long question is never refused."""

from typing import Any

from agents.mcp_client import Toolbox


def max_length(toolbox: Toolbox, tool: str, argument: str) -> int | None:
    """The `maxLength` tool `tool`'s input schema sets on `argument`, or None when it sets none."""
    found = next((candidate for candidate in toolbox.tools if candidate.name == tool), None)
    schema: Any = found.args_schema if found is not None else None
    if not isinstance(schema, dict):
        return None
    limit = schema.get("properties", {}).get(argument, {}).get("maxLength")
    return limit if isinstance(limit, int) else None


def fit_text(toolbox: Toolbox, tool: str, argument: str, text: str) -> str:
    """`text`, cut at a word boundary to what `tool` accepts for `argument`.

    For search queries: the embedding models read a few hundred tokens of a query at most, so the head of a long
    question is what a search would have matched on anyway.
    """
    limit = max_length(toolbox, tool, argument)
    if limit is None or len(text) <= limit:
        return text
    head = text[:limit]
    cut = head.rsplit(maxsplit=1)[0] if " " in head.strip() else head
    return cut.rstrip() or head
