"""Structured results of the retrieval tools: what the retrieval server returns and the agents read."""

from pydantic import BaseModel

from tools.search import Document, Highlight, SearchHit

__all__ = ["Document", "Highlight", "SearchHit", "SearchOut"]


class SearchOut(BaseModel):
    """Hits for a query, best first; highlight offsets point into the whole document."""

    query: str
    collection: str
    hits: list[SearchHit]
