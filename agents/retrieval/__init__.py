"""The retrieval agent: answers from the ingested documents with citations."""

from agents.retrieval.agent import RetrievalAgent
from agents.retrieval.listwise import ListwiseReranker

__all__ = ["ListwiseReranker", "RetrievalAgent"]
