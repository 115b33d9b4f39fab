"""Collections over HTTP: list, describe, create (with chunking), delete, and ingest documents (as a job when large)."""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from gateway.deps import ApiKeyDep, JobsDep, PrincipalDep, SystemDep, TextLimitsDep
from gateway.jobs.schemas import JobView
from gateway.problem_docs import EVERY_V1_ROUTE, problems
from gateway.routes.jobs import accept
from mcp_servers.retrieval.admin import IngestOut, PointsOut
from tools.inputs import (
    BodySearchLimit,
    ChunkingIn,
    DocId,
    DocumentIn,
    PointId,
    PointIn,
    SearchQuery,
    check_distinct_ids,
)
from tools.names import COLLECTION_NAME_PATTERN
from tools.results.retrieval import CollectionOut, CollectionsOut, SearchOut

router = APIRouter(prefix="/v1", tags=["collections"], responses=problems(*EVERY_V1_ROUTE, 400, 403, 404))
CollectionName = Annotated[str, Path(pattern=COLLECTION_NAME_PATTERN, description="Collection name")]
SYNC_LIMIT = 25  # more documents than this are ingested as a background job


class CollectionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    chunking: ChunkingIn = Field(default_factory=ChunkingIn)


class DocumentsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    documents: list[DocumentIn] = Field(
        min_length=1, max_length=10_000, description="Each with its own id (a repeated id is a 400)"
    )


class PointsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    points: list[PointIn] = Field(min_length=1, max_length=1000)


class PointIdsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ids: list[PointId] = Field(min_length=1, max_length=1000, description="Point UUIDs; unknown ids are ignored")


class SearchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    query: SearchQuery
    limit: BodySearchLimit = 5
    doc_id: DocId | None = Field(default=None, description="Only search within this document id")


@router.get("/collections", response_model=CollectionsOut, summary="List collections")
async def list_collections(system: SystemDep, principal: PrincipalDep) -> dict[str, Any]:
    return await system.call_tool("retrieval", "list_collections", {}, principal=principal)


@router.get("/collections/{name}", response_model=CollectionOut, summary="Describe a collection")
async def describe_collection(name: CollectionName, system: SystemDep, principal: PrincipalDep) -> dict[str, Any]:
    return await system.call_tool("retrieval", "describe_collection", {"name": name}, principal=principal)


@router.put(
    "/collections/{name}", response_model=CollectionOut, summary="Create a collection with its chunking settings"
)
async def create_collection(
    name: CollectionName, body: CollectionIn, system: SystemDep, principal: PrincipalDep
) -> dict[str, Any]:
    """Idempotent: creating an existing collection with the same settings returns it; other settings are a 400,
    unless it holds no points (then it takes them)."""
    return await system.call_tool(
        "retrieval", "create_collection", {"name": name, **body.chunking.model_dump()}, principal=principal
    )


@router.delete("/collections/{name}", response_model=CollectionOut, summary="Delete a collection and its points")
async def delete_collection(name: CollectionName, system: SystemDep, principal: PrincipalDep) -> dict[str, Any]:
    return await system.call_tool("retrieval", "delete_collection", {"name": name}, principal=principal)


@router.post(
    "/collections/{name}/documents",
    response_model=IngestOut,
    summary="Ingest documents (a background job above 25 documents)",
    responses={
        202: {
            "model": JobView,
            "description": "Accepted as a durable job (see /v1/jobs): poll `Location` / `status_url`",
        }
    },
)
async def ingest_documents(
    name: CollectionName,
    body: DocumentsIn,
    response: Response,
    system: SystemDep,
    jobs: JobsDep,
    texts: TextLimitsDep,
    principal: PrincipalDep,
    key: ApiKeyDep,
) -> dict[str, Any] | JSONResponse:
    """Chunk, embed and index the documents with the collection's chunking; the same ids replace their chunks."""
    texts.check_documents([document.text for document in body.documents])
    check_distinct_ids(body.documents)
    await system.call_tool(
        "retrieval", "describe_collection", {"name": name}, principal=principal
    )  # 404 now, not in the job
    documents = [document.model_dump() for document in body.documents]

    if len(documents) <= SYNC_LIMIT:
        return await system.call_tool(
            "retrieval", "ingest_documents", {"collection": name, "documents": documents}, principal=principal
        )
    payload = {"collection": name, "documents": documents}
    view = await accept(jobs, "ingest", payload, len(documents), (principal, key), response)
    # A response of its own: the route's response model is the synchronous answer's, not the job's.
    return JSONResponse(
        view.model_dump(mode="json"), status_code=202, headers={"location": response.headers["location"]}
    )


@router.post(
    "/collections/{name}/search", response_model=SearchOut, summary="Hybrid search with reranking, without an agent"
)
async def search(name: CollectionName, body: SearchIn, system: SystemDep, principal: PrincipalDep) -> dict[str, Any]:
    """The chunks that best match `query`, best first, with their best-supporting sentences and offsets."""
    return await system.call_tool(
        "retrieval", "search_documents", {"collection": name, **body.model_dump()}, principal=principal
    )


@router.put(
    "/collections/{name}/points",
    response_model=PointsOut,
    summary="Upsert points by id (direct CRUD; self-managed vectors allowed)",
)
async def upsert_points(
    name: CollectionName, body: PointsIn, system: SystemDep, principal: PrincipalDep
) -> dict[str, Any]:
    """Insert or replace points; a point without `vector` is embedded with the collection's model."""
    points = [point.model_dump(exclude_none=True) for point in body.points]
    return await system.call_tool(
        "retrieval", "upsert_points", {"collection": name, "points": points}, principal=principal
    )


@router.post("/collections/{name}/points/delete", response_model=PointsOut, summary="Delete points by id")
async def delete_points(
    name: CollectionName, body: PointIdsIn, system: SystemDep, principal: PrincipalDep
) -> dict[str, Any]:
    return await system.call_tool(
        "retrieval", "delete_points", {"collection": name, "ids": body.ids}, principal=principal
    )
