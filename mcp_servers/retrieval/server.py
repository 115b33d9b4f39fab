"""Retrieval tools over MCP: search and read documents in any collection; admin tools unless read-only."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from mcp.server.mcpserver import Context, MCPServer
from pydantic import Field

from mcp_servers.credentials import require_collection
from mcp_servers.errors import READ_ONLY, ToolServer, tool_errors
from mcp_servers.retrieval.admin import register_admin_tools
from mcp_servers.retrieval.collections import CollectionStores
from mcp_servers.retrieval.settings import RetrievalServerSettings
from tools.embeddings import BatchingEmbedder, load_embedder
from tools.inputs import TOOL_INTEGER, CollectionName, DocId, SearchLimit, SearchQuery
from tools.rerank import configured_reranker
from tools.results.retrieval import MAX_DOCUMENT_PAGE, Document, DocumentsOut, SearchOut
from tools.settings import EmbeddingSettings, RerankerSettings, StoreSettings

OptionalCollection = Annotated[
    CollectionName | None, Field(description="Collection to use (default: the configured one, usually `docs`)")
]


def create_server(
    store_settings: StoreSettings,
    embedding_settings: EmbeddingSettings,
    server_settings: RetrievalServerSettings | None = None,
    reranker_settings: RerankerSettings | None = None,
) -> MCPServer:
    """The retrieval server; the model loads and collections open in its lifespan."""
    options = server_settings or RetrievalServerSettings()

    @asynccontextmanager
    async def lifespan(_: MCPServer) -> AsyncIterator[CollectionStores]:
        reranking = reranker_settings or RerankerSettings()
        reranker = configured_reranker(reranking)
        if reranker is not None:
            await asyncio.to_thread(reranker.load)  # a bad model path fails the start, not the first query
        stores = CollectionStores(
            store_settings,
            BatchingEmbedder(await load_embedder(embedding_settings)),  # concurrent searches share encodes
            rerank=options.rerank,
            reranker=reranker,
            rerank_top_n=reranking.top_n,
            hnsw_ef=options.hnsw_ef,
        )
        await stores.store(stores.default)  # readiness means the default collection is open
        try:
            yield stores
        finally:
            await stores.close()

    server = ToolServer(
        "relayboard-retrieval",
        instructions="Search the ingested documents (hybrid dense + BM25) and read whole documents by id.",
        lifespan=lifespan,
    )

    @server.tool(annotations=READ_ONLY)
    async def search_documents(
        query: SearchQuery,
        ctx: Context[CollectionStores],
        limit: SearchLimit = 5,
        doc_id: Annotated[DocId | None, Field(description="Only search within this document id")] = None,
        collection: OptionalCollection = None,
    ) -> SearchOut:
        """Find the document chunks that best match `query`, with their best-supporting sentences."""
        stores = ctx.request_context.lifespan_context
        name = collection or stores.default
        with tool_errors():
            require_collection(name, "read")
            search = await stores.search(name)
            hits = await search.search(query, limit=limit, where={"source": doc_id} if doc_id else None)
            if doc_id and not hits:  # a document's chunks always match something: none means no such document
                await search.require_document(doc_id)
        return SearchOut(query=query, collection=name, hits=hits)

    @server.tool(annotations=READ_ONLY)
    async def get_document(
        doc_id: Annotated[DocId, Field(description="A document id returned by search_documents")],
        ctx: Context[CollectionStores],
        collection: OptionalCollection = None,
    ) -> Document:
        """The full text of one ingested document."""
        stores = ctx.request_context.lifespan_context
        name = collection or stores.default
        with tool_errors():
            require_collection(name, "read")
            return await (await stores.search(name)).get_document(doc_id)

    @server.tool(annotations=READ_ONLY)
    async def list_documents(
        ctx: Context[CollectionStores],
        collection: OptionalCollection = None,
        offset: Annotated[int, Field(ge=0, description="Documents to skip (a page's `next_offset`)"), TOOL_INTEGER] = 0,
        limit: Annotated[int, Field(ge=1, le=MAX_DOCUMENT_PAGE, description="Documents per page"), TOOL_INTEGER] = 100,
    ) -> DocumentsOut:
        """The ids and titles of a collection's documents, in id order, a page at a time."""
        stores = ctx.request_context.lifespan_context
        name = collection or stores.default
        with tool_errors():
            require_collection(name, "read")
            every = await (await stores.search(name)).list_documents()
        more = offset + limit < len(every)
        return DocumentsOut(
            collection=name, documents=every[offset : offset + limit], next_offset=offset + limit if more else None
        )

    register_admin_tools(server, writes=not options.read_only)
    return server
