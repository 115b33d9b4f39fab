"""Structured results of the retrieval tools: what the retrieval server returns and the agents read."""

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from tools.chunking.base import Strategy

RANK_DEPTH = 50  # how deep each retriever's own ranking is read to say where a hit stands in it


@dataclass(frozen=True)  # no slots: the MCP SDK reads class attributes when building output schemas
class Highlight:
    """A sentence of a hit that supports the query; offsets are into the whole document."""

    text: str
    start: int
    end: int
    score: float


@dataclass(frozen=True)  # no slots: the MCP SDK reads class attributes when building output schemas
class SearchHit:
    """A retrieved chunk with its document, offsets, fused score and best-supporting sentences."""

    doc_id: str
    title: str
    section: str
    chunk_id: str
    text: str
    start: int
    end: int
    score: float
    highlights: list[Highlight]
    page: int | None = None  # the PDF page the chunk starts on
    dense_rank: int | None = None
    """Where the chunk ranks (1 = first) for the dense retriever alone; None: below its first `RANK_DEPTH`."""
    bm25_rank: int | None = None
    """Where the chunk ranks for BM25 alone; None: below its first `RANK_DEPTH`. Agreement of the two retrievers
    is one sign that the passage is about what was asked, not only near it."""


@dataclass(frozen=True)  # no slots: the MCP SDK reads class attributes when building output schemas
class Document:
    """A whole ingested document, reassembled from its chunks."""

    doc_id: str
    title: str
    text: str
    chunks: int


@dataclass(frozen=True)  # no slots: the MCP SDK reads class attributes when building output schemas
class DocumentEntry:
    """One ingested document as a listing names it."""

    doc_id: str
    title: str
    length: int
    """Characters in the whole document."""


MAX_DOCUMENT_PAGE = 200


class DocumentsOut(BaseModel):
    """One page of a collection's documents, by id; `next_offset` reads the next page (None: the last)."""

    collection: str
    documents: list[DocumentEntry]
    next_offset: int | None


class SearchOut(BaseModel):
    """Hits for a query, best first; highlight offsets point into the whole document."""

    query: str
    collection: str
    hits: list[SearchHit]


class ChunkingOut(BaseModel):
    """How a collection chunks its documents (what `PUT /v1/collections/{name}` recorded)."""

    strategy: Strategy
    max_chars: int
    chunk_tokens: int
    overlap_tokens: int


class CollectionOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "docs",
                    "chunking": {"strategy": "markdown", "max_chars": 1200, "chunk_tokens": 256, "overlap_tokens": 32},
                    "points": 412,
                }
            ]
        }
    )
    name: str
    chunking: ChunkingOut
    points: int = Field(ge=0, description="Points (chunks) stored")


class CollectionsOut(BaseModel):
    collections: list[CollectionOut] = Field(description="Every collection the caller may read")
