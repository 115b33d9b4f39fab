"""The server backend: a Qdrant server (or qdrant-client's local mode) through `AsyncQdrantClient`."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from qdrant_client import AsyncQdrantClient, models
from qdrant_client.http.exceptions import ResponseHandlingException, UnexpectedResponse

from tools.errors import UpstreamUnavailable
from tools.vectorstore.base import (
    DENSE_VECTOR,
    INDEXED_FIELDS,
    SENTENCE_VECTOR,
    SPARSE_VECTOR,
    PayloadFilter,
    PointInput,
    ScoredPoint,
    SearchRequest,
    StoredPoint,
    multivectors_by_id,
)
from tools.vectorstore.deleted import collection_deleted
from tools.vectorstore.plan import Bm25, Dense, Fused, SentenceMaxSim, Stage, plan_search
from tools.vectorstore.sparse import encode_document, encode_query

_BATCH = 256
_UPSTREAM_ERRORS = (UnexpectedResponse, ResponseHandlingException, ConnectionError, TimeoutError)


def _vectors(point: PointInput) -> dict[str, Any]:
    vectors: dict[str, Any] = {DENSE_VECTOR: list(point.dense), SPARSE_VECTOR: _sparse(encode_document(point.text))}
    if point.sentences:
        vectors[SENTENCE_VECTOR] = [list(vector) for vector in point.sentences]
    return vectors


def _to_filter(where: PayloadFilter | None) -> models.Filter | None:
    if not where:
        return None
    return models.Filter(
        must=[models.FieldCondition(key=key, match=models.MatchValue(value=value)) for key, value in where.items()]
    )


def _sparse(vector: object) -> models.SparseVector:
    return models.SparseVector(indices=list(vector.indices), values=list(vector.values))  # type: ignore[attr-defined]


@contextmanager
def _qdrant_errors(action: str, *, unreachable: str | None = None, collection: str | None = None) -> Iterator[None]:
    """Translate qdrant-client's transport and response errors into `UpstreamUnavailable`, naming `action`
    (or saying `unreachable` when given); a 404 for `collection`, opened before, is `collection_deleted`."""
    try:
        yield
    except UnexpectedResponse as exc:
        if collection is not None and exc.status_code == 404:
            raise collection_deleted(collection) from exc
        raise UpstreamUnavailable(f"{unreachable or f'Qdrant {action} failed'}: {exc}") from exc
    except _UPSTREAM_ERRORS as exc:
        raise UpstreamUnavailable(f"{unreachable or f'Qdrant {action} failed'}: {exc}") from exc


def _parts(stage: Stage) -> dict[str, Any]:
    """The query, vector name, filter, params and prefetches that carry out `stage` in qdrant-client's models."""
    if isinstance(stage, Dense):
        params = models.SearchParams(hnsw_ef=stage.hnsw_ef, exact=stage.exact)
        return {"query": list(stage.vector), "using": DENSE_VECTOR, "filter": _to_filter(stage.where), "params": params}
    if isinstance(stage, Bm25):
        sparse = _sparse(encode_query(stage.text))
        return {"query": sparse, "using": SPARSE_VECTOR, "filter": _to_filter(stage.where)}
    if isinstance(stage, Fused):
        fusion: models.RrfQuery | models.FusionQuery = (
            models.RrfQuery(rrf=models.Rrf(k=stage.fusion.k, weights=list(stage.weights)))
            if stage.fusion.method == "rrf"
            else models.FusionQuery(fusion=models.Fusion.DBSF)
        )
        return {"query": fusion, "prefetch": [_prefetch(child) for child in stage.inputs]}
    if isinstance(stage, SentenceMaxSim):
        return {"query": [list(stage.vector)], "using": SENTENCE_VECTOR, "prefetch": [_prefetch(stage.candidates)]}
    mmr = models.Mmr(diversity=stage.diversity, candidates_limit=stage.candidates.limit)
    query = models.NearestQuery(nearest=list(stage.vector), mmr=mmr)
    return {"query": query, "using": DENSE_VECTOR, "prefetch": [_prefetch(stage.candidates)]}


def _prefetch(stage: Stage) -> models.Prefetch:
    return models.Prefetch(limit=stage.limit, **_parts(stage))


class ServerVectorStore:
    """A `VectorStore` over one collection of a Qdrant server, reached with qdrant-client."""

    backend = "server"

    def __init__(self, client: AsyncQdrantClient, collection: str) -> None:
        self._client, self._collection = client, collection

    @classmethod
    async def open(cls, client: AsyncQdrantClient, collection: str, *, dimension: int) -> "ServerVectorStore":
        """Use `collection`, creating it with the dense and BM25 vectors if it does not exist.

        Raises:
            UpstreamUnavailable: the server cannot be reached.
        """
        with _qdrant_errors("collection set-up", unreachable="cannot reach the Qdrant server"):
            if not await client.collection_exists(collection):
                await client.create_collection(
                    collection,
                    vectors_config={
                        DENSE_VECTOR: models.VectorParams(size=dimension, distance=models.Distance.COSINE),
                        SENTENCE_VECTOR: models.VectorParams(
                            size=dimension,
                            distance=models.Distance.COSINE,
                            multivector_config=models.MultiVectorConfig(
                                comparator=models.MultiVectorComparator.MAX_SIM
                            ),
                            hnsw_config=models.HnswConfigDiff(m=0),
                        ),
                    },
                    sparse_vectors_config={SPARSE_VECTOR: models.SparseVectorParams(modifier=models.Modifier.IDF)},
                )
            indexed = (await client.get_collection(collection)).payload_schema or {}
            for field in INDEXED_FIELDS:
                if field not in indexed:
                    await client.create_payload_index(collection, field, models.PayloadSchemaType.KEYWORD, wait=True)
        return cls(client, collection)

    async def upsert(self, points: Sequence[PointInput]) -> None:
        for start in range(0, len(points), _BATCH):
            structs = [
                models.PointStruct(
                    id=point.id,
                    vector=_vectors(point),
                    payload=dict(point.payload),
                )
                for point in points[start : start + _BATCH]
            ]
            with _qdrant_errors("upsert", collection=self._collection):
                await self._client.upsert(self._collection, points=structs, wait=True)

    async def delete(self, ids: Sequence[str]) -> None:
        if ids:
            selector = models.PointIdsList(points=list(ids))
            with _qdrant_errors("delete", collection=self._collection):
                await self._client.delete(self._collection, points_selector=selector, wait=True)

    async def delete_where(self, where: PayloadFilter) -> None:
        condition = _to_filter(where)
        assert condition is not None, "delete_where needs a non-empty filter"
        with _qdrant_errors("delete", collection=self._collection):
            await self._client.delete(
                self._collection, points_selector=models.FilterSelector(filter=condition), wait=True
            )

    async def search(self, request: SearchRequest) -> list[ScoredPoint]:
        top = _parts(plan_search(request))
        # The top stage takes the request-level names for what a Prefetch calls filter and params.
        top["query_filter"], top["search_params"] = top.pop("filter", None), top.pop("params", None)
        with _qdrant_errors("query", collection=self._collection):
            response = await self._client.query_points(
                self._collection, **top, limit=request.limit, offset=request.offset, with_payload=True
            )
        return [ScoredPoint(str(hit.id), float(hit.score), dict(hit.payload or {})) for hit in response.points]

    async def sentence_vectors(self, ids: Sequence[str]) -> dict[str, list[list[float]]]:
        with _qdrant_errors("retrieve", collection=self._collection):
            records = await self._client.retrieve(
                self._collection, ids=list(ids), with_payload=False, with_vectors=[SENTENCE_VECTOR]
            )
        return multivectors_by_id(records, SENTENCE_VECTOR)

    async def scroll(self, where: PayloadFilter | None = None, *, limit: int = 10_000) -> list[StoredPoint]:
        with _qdrant_errors("scroll", collection=self._collection):
            records, _ = await self._client.scroll(
                self._collection, scroll_filter=_to_filter(where), limit=limit, with_payload=True
            )
        return [StoredPoint(str(record.id), dict(record.payload or {})) for record in records]

    async def retrieve(self, ids: Sequence[str]) -> list[StoredPoint]:
        with _qdrant_errors("retrieve", collection=self._collection):
            records = await self._client.retrieve(self._collection, ids=list(ids), with_payload=True)
        return [StoredPoint(str(record.id), dict(record.payload or {})) for record in records]

    async def count(self, where: PayloadFilter | None = None) -> int:
        with _qdrant_errors("count", collection=self._collection):
            result = await self._client.count(self._collection, count_filter=_to_filter(where), exact=True)
        return int(result.count)

    async def close(self) -> None:
        await self._client.close()

    async def optimize(self) -> None:
        return None  # a Qdrant server optimises segments on its own schedule

    async def drop(self) -> None:
        with _qdrant_errors("delete_collection"):
            await self._client.delete_collection(self._collection)
        await self._client.close()
