"""Retrieval tools over MCP: `search_documents` and `get_document`."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated

from mcp.server.mcpserver import Context, MCPServer
from pydantic import BaseModel, Field

from mcp_servers.errors import READ_ONLY, tool_errors
from tools.embeddings import load_embedder
from tools.search import MAX_LIMIT, MAX_QUERY_CHARS, Document, DocumentSearch, SearchHit
from tools.settings import EmbeddingSettings, StoreSettings
from tools.vectorstore import VectorStore, open_vector_store


@dataclass(frozen=True, slots=True)
class RetrievalContext:
    search: DocumentSearch
    store: VectorStore


class SearchOut(BaseModel):
    """Hits for a query, best first; highlight offsets point into the whole document."""

    query: str
    hits: list[SearchHit]


def create_server(store_settings: StoreSettings, embedding_settings: EmbeddingSettings) -> MCPServer:
    """The retrieval server; the store opens and the model loads in its lifespan."""

    @asynccontextmanager
    async def lifespan(_: MCPServer) -> AsyncIterator[RetrievalContext]:
        embedder = await load_embedder(embedding_settings)
        store = await open_vector_store(store_settings, dimension=embedder.dimension)
        try:
            yield RetrievalContext(DocumentSearch(embedder, store), store)
        finally:
            await store.close()

    server = MCPServer(
        "relayboard-retrieval",
        instructions="Search the ingested documents (hybrid dense + BM25) and read whole documents by id.",
        lifespan=lifespan,
    )

    @server.tool(annotations=READ_ONLY)
    async def search_documents(
        query: Annotated[
            str, Field(description="What to look for, in natural language", min_length=1, max_length=MAX_QUERY_CHARS)
        ],
        ctx: Context[RetrievalContext],
        limit: Annotated[int, Field(description="How many chunks to return", ge=1, le=MAX_LIMIT)] = 5,
        doc_id: Annotated[str | None, Field(description="Only search within this document id")] = None,
    ) -> SearchOut:
        """Find the document chunks that best match `query`, with their best-supporting sentences."""
        with tool_errors():
            hits = await ctx.request_context.lifespan_context.search.search(
                query, limit=limit, where={"source": doc_id} if doc_id else None
            )
        return SearchOut(query=query, hits=hits)

    @server.tool(annotations=READ_ONLY)
    async def get_document(
        doc_id: Annotated[str, Field(description="A document id returned by search_documents", min_length=1)],
        ctx: Context[RetrievalContext],
    ) -> Document:
        """The full text of one ingested document."""
        with tool_errors():
            return await ctx.request_context.lifespan_context.search.get_document(doc_id)

    return server
