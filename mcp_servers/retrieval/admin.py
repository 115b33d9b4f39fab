"""Collection tools: list and describe (always); create, delete, ingest, upsert and delete points (writes).

Three index modes, as managed vector stores offer them: `ingest_documents` chunks and embeds (managed);
`upsert_points` with `vector` stores the caller's vectors (self-managed); `upsert_points`/`delete_points`
address points by id (direct CRUD).
"""

import uuid
from dataclasses import asdict
from typing import Annotated

from mcp.server.mcpserver import Context, MCPServer
from mcp.types import ToolAnnotations
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from mcp_servers.credentials import current_caller, require_collection
from mcp_servers.errors import READ_ONLY, tool_errors
from mcp_servers.retrieval.collections import CollectionStores
from tools.chunking import DEFAULT_CHUNK_TOKENS, DEFAULT_MAX_CHARS, DEFAULT_OVERLAP_TOKENS, ChunkingPolicy
from tools.collections import CollectionSpec, check_name
from tools.documents import SourceDocument, html_to_markdown
from tools.errors import InvalidInput
from tools.ingest import Ingestor
from tools.inputs import (
    ChunkingStrategy,
    ChunkMaxChars,
    ChunkTokens,
    CollectionName,
    DocumentIn,
    OverlapTokens,
    PointIn,
    distinct_document_ids,
)
from tools.results.retrieval import ChunkingOut, CollectionOut, CollectionsOut
from tools.vectorstore import PointInput

WRITE = ToolAnnotations(read_only_hint=False, destructive_hint=False, idempotent_hint=True, open_world_hint=False)
DESTRUCTIVE = ToolAnnotations(read_only_hint=False, destructive_hint=True, idempotent_hint=True, open_world_hint=False)
MAX_DOCUMENTS_PER_CALL = 500
MAX_POINTS_PER_CALL = 1000


class FailureOut(BaseModel):
    path: str = Field(description="The document id that could not be ingested")
    reason: str


class IngestOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"collection": "docs", "documents": 2, "chunks": 9, "removed": 0, "seconds": 0.41, "failures": []}
            ]
        }
    )
    collection: str
    documents: int = Field(ge=0, description="Documents ingested")
    chunks: int = Field(ge=0, description="Chunks indexed")
    removed: int = Field(ge=0, description="Chunks of earlier versions of these documents removed")
    seconds: float = Field(ge=0)
    failures: list[FailureOut]


class PointsOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"collection": "docs", "count": 413}]})
    collection: str
    count: int = Field(ge=0, description="Points in the collection after the change")


def _source(document: DocumentIn) -> SourceDocument:
    if document.format == "html":
        text, title = html_to_markdown(document.text)
        return SourceDocument(document.id, document.title or title or document.id, text, markdown=True)
    return SourceDocument(document.id, document.title or document.id, document.text, document.format == "markdown")


async def describe(stores: CollectionStores, spec: CollectionSpec) -> CollectionOut:
    store = await stores.store(spec.name)
    return CollectionOut(name=spec.name, chunking=ChunkingOut(**asdict(spec.chunking)), points=await store.count())


def readable_by_caller(collection: str) -> bool:
    return current_caller().grants.allows_collection(collection, "read")


def register_admin_tools(server: MCPServer, *, writes: bool = True) -> None:
    """Add the collection tools; the write tools only when `writes` (a read-only server has none)."""

    @server.tool(annotations=READ_ONLY)
    async def list_collections(ctx: Context[CollectionStores]) -> CollectionsOut:
        """Every collection with its chunking settings and point count."""
        stores = ctx.request_context.lifespan_context
        with tool_errors():
            await stores.store(stores.default)
            readable = [spec for spec in stores.registry.list() if readable_by_caller(spec.name)]
            return CollectionsOut(collections=[await describe(stores, spec) for spec in readable])

    @server.tool(annotations=READ_ONLY)
    async def describe_collection(name: CollectionName, ctx: Context[CollectionStores]) -> CollectionOut:
        """One collection's chunking settings and point count."""
        stores = ctx.request_context.lifespan_context
        with tool_errors():
            require_collection(name, "read")
            return await describe(stores, stores.spec(name))  # the default collection is never missing

    if not writes:
        return

    @server.tool(annotations=WRITE)
    async def create_collection(
        name: CollectionName,
        ctx: Context[CollectionStores],
        strategy: ChunkingStrategy = "markdown",
        max_chars: ChunkMaxChars = DEFAULT_MAX_CHARS,
        chunk_tokens: ChunkTokens = DEFAULT_CHUNK_TOKENS,
        overlap_tokens: OverlapTokens = DEFAULT_OVERLAP_TOKENS,
    ) -> CollectionOut:
        """Create a collection with its chunking settings (idempotent when the settings match)."""
        stores = ctx.request_context.lifespan_context
        with tool_errors():
            require_collection(name, "admin")
            try:
                policy = ChunkingPolicy(strategy, max_chars, chunk_tokens, overlap_tokens)
            except ValueError as exc:
                raise InvalidInput(str(exc)) from exc
            return await describe(stores, await stores.create(CollectionSpec(check_name(name), policy)))

    @server.tool(annotations=DESTRUCTIVE)
    async def delete_collection(name: CollectionName, ctx: Context[CollectionStores]) -> CollectionOut:
        """Delete a collection and all its points."""
        stores = ctx.request_context.lifespan_context
        with tool_errors():
            require_collection(name, "admin")
            spec = stores.registry.get(name)
            await stores.drop(name)
        return CollectionOut(name=spec.name, chunking=ChunkingOut(**asdict(spec.chunking)), points=0)

    @server.tool(annotations=WRITE)
    async def ingest_documents(
        collection: CollectionName,
        documents: Annotated[
            list[DocumentIn],
            AfterValidator(distinct_document_ids),
            Field(min_length=1, max_length=MAX_DOCUMENTS_PER_CALL, description="Each with its own id"),
        ],
        ctx: Context[CollectionStores],
    ) -> IngestOut:
        """Chunk, embed and index documents into an existing collection; the same ids replace their chunks."""
        stores = ctx.request_context.lifespan_context
        with tool_errors():
            require_collection(collection, "write")
            spec = (
                stores.registry.ensure(collection) if collection == stores.default else stores.registry.get(collection)
            )
            # Progress as it embeds: the caller's deadline is an idle one (RELAYBOARD_MCP_CALL_TIMEOUT_S).
            store = await stores.store(spec.name)
            ingestor = Ingestor(stores.embedder, store, spec.chunking, reporting=ctx.report_progress)
            report = await ingestor.ingest(_source(document) for document in documents)
        return IngestOut(
            collection=spec.name,
            documents=report.documents,
            chunks=report.chunks,
            removed=report.removed,
            seconds=round(report.seconds, 3),
            failures=[FailureOut(path=f.path, reason=f.reason) for f in report.failures],
        )

    @server.tool(annotations=WRITE)
    async def upsert_points(
        collection: CollectionName,
        points: Annotated[list[PointIn], Field(min_length=1, max_length=MAX_POINTS_PER_CALL)],
        ctx: Context[CollectionStores],
    ) -> PointsOut:
        """Insert or replace points by id; points without `vector` are embedded (managed mode)."""
        stores = ctx.request_context.lifespan_context
        with tool_errors():
            require_collection(collection, "write")
            dimension = stores.embedder.dimension
            for point in points:
                _check_uuid(point.id)
                if point.vector is not None and len(point.vector) != dimension:
                    raise InvalidInput(f"point {point.id}: vector has {len(point.vector)} dimensions; need {dimension}")
            missing = [point.text for point in points if point.vector is None]
            embedded = iter((await stores.embedder.embed(missing)).tolist()) if missing else iter([])
            inputs = [
                PointInput(
                    point.id,
                    point.vector if point.vector is not None else next(embedded),
                    point.text,
                    {
                        "text": point.text,
                        "source": point.payload.get("source", point.id),
                        "start": 0,
                        "end": len(point.text),
                        **point.payload,
                    },
                )
                for point in points
            ]
            store = await stores.store(collection)
            await store.upsert(inputs)
            return PointsOut(collection=collection, count=await store.count())

    @server.tool(annotations=DESTRUCTIVE)
    async def delete_points(
        collection: CollectionName,
        ids: Annotated[list[str], Field(min_length=1, max_length=MAX_POINTS_PER_CALL, description="Point UUIDs")],
        ctx: Context[CollectionStores],
    ) -> PointsOut:
        """Delete points by id; unknown ids are ignored."""
        stores = ctx.request_context.lifespan_context
        with tool_errors():
            require_collection(collection, "write")
            for point_id in ids:
                _check_uuid(point_id)
            store = await stores.store(collection)
            await store.delete(ids)
            return PointsOut(collection=collection, count=await store.count())


def _check_uuid(value: str) -> None:
    try:
        uuid.UUID(value)
    except ValueError as exc:
        raise InvalidInput(f"point id {value!r} is not a UUID") from exc
