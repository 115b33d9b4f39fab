"""The retrieval agent: answers from the ingested documents with citations."""

from agents.retrieval.agent import RetrievalAgent

__all__ = ["RetrievalAgent"]
