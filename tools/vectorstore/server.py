"""The server backend: a Qdrant server (or qdrant-client's local mode) through `AsyncQdrantClient`."""

from collections.abc import Sequence
from typing import Any

from qdrant_client import AsyncQdrantClient, models
from qdrant_client.http.exceptions import ResponseHandlingException, UnexpectedResponse

from tools.errors import UpstreamUnavailable
from tools.vectorstore.base import (
    DENSE_VECTOR,
    SENTENCE_VECTOR,
    SPARSE_VECTOR,
    PayloadFilter,
    PointInput,
    ScoredPoint,
    SearchRequest,
    StoredPoint,
    multivectors_by_id,
)
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
        try:
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
        except _UPSTREAM_ERRORS as exc:
            raise UpstreamUnavailable(f"cannot reach the Qdrant server: {exc}") from exc
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
            try:
                await self._client.upsert(self._collection, points=structs, wait=True)
            except _UPSTREAM_ERRORS as exc:
                raise UpstreamUnavailable(f"Qdrant upsert failed: {exc}") from exc

    async def delete(self, ids: Sequence[str]) -> None:
        if ids:
            selector = models.PointIdsList(points=list(ids))
            try:
                await self._client.delete(self._collection, points_selector=selector, wait=True)
            except _UPSTREAM_ERRORS as exc:
                raise UpstreamUnavailable(f"Qdrant delete failed: {exc}") from exc

    async def delete_where(self, where: PayloadFilter) -> None:
        condition = _to_filter(where)
        assert condition is not None, "delete_where needs a non-empty filter"
        try:
            await self._client.delete(
                self._collection, points_selector=models.FilterSelector(filter=condition), wait=True
            )
        except _UPSTREAM_ERRORS as exc:
            raise UpstreamUnavailable(f"Qdrant delete failed: {exc}") from exc

    async def search(self, request: SearchRequest) -> list[ScoredPoint]:
        condition = _to_filter(request.where)
        dense = list(request.dense) if request.dense is not None else None
        params = models.SearchParams(hnsw_ef=request.hnsw_ef, exact=request.exact)
        sparse = _sparse(encode_query(request.text)) if request.text is not None else None
        try:
            if dense is not None and sparse is not None:
                fusion = request.fusion
                fuse: models.RrfQuery | models.FusionQuery = (
                    models.RrfQuery(rrf=models.Rrf(k=fusion.k, weights=[fusion.dense_weight, fusion.bm25_weight]))
                    if fusion.method == "rrf"
                    else models.FusionQuery(fusion=models.Fusion.DBSF)
                )
                both = [
                    models.Prefetch(
                        query=dense, using=DENSE_VECTOR, limit=request.prefetch, filter=condition, params=params
                    ),
                    models.Prefetch(query=sparse, using=SPARSE_VECTOR, limit=request.prefetch, filter=condition),
                ]
                # The fused list is the result, or the candidates that MMR reorders, or (sentence rerank) the
                # candidates rescored by sentence MaxSim fused again with the two lists as a third ranking.
                top: Any = fuse
                prefetch: list[models.Prefetch] = both
                using: str | None = None
                candidates = models.Prefetch(prefetch=both, query=fuse, limit=request.prefetch)
                if request.mmr_diversity is not None:
                    mmr = models.Mmr(diversity=request.mmr_diversity, candidates_limit=request.prefetch)
                    top, using, prefetch = models.NearestQuery(nearest=dense, mmr=mmr), DENSE_VECTOR, [candidates]
                elif request.rerank_sentences:
                    rescored = models.Prefetch(
                        prefetch=[candidates], query=[dense], using=SENTENCE_VECTOR, limit=request.prefetch
                    )
                    prefetch = [*both, rescored]
                    top = models.RrfQuery(
                        rrf=models.Rrf(k=fusion.k, weights=[fusion.dense_weight, fusion.bm25_weight, 1.0])
                    )
                response = await self._client.query_points(
                    self._collection,
                    prefetch=prefetch,
                    query=top,
                    using=using,
                    limit=request.limit,
                    offset=request.offset,
                    with_payload=True,
                )
            else:
                response = await self._client.query_points(
                    self._collection,
                    query=dense if dense is not None else sparse,
                    using=DENSE_VECTOR if dense is not None else SPARSE_VECTOR,
                    query_filter=condition,
                    search_params=params,
                    limit=request.limit,
                    offset=request.offset,
                    with_payload=True,
                )
        except _UPSTREAM_ERRORS as exc:
            raise UpstreamUnavailable(f"Qdrant query failed: {exc}") from exc
        return [ScoredPoint(str(hit.id), float(hit.score), dict(hit.payload or {})) for hit in response.points]

    async def sentence_vectors(self, ids: Sequence[str]) -> dict[str, list[list[float]]]:
        try:
            records = await self._client.retrieve(
                self._collection, ids=list(ids), with_payload=False, with_vectors=[SENTENCE_VECTOR]
            )
        except _UPSTREAM_ERRORS as exc:
            raise UpstreamUnavailable(f"Qdrant retrieve failed: {exc}") from exc
        return multivectors_by_id(records, SENTENCE_VECTOR)

    async def scroll(self, where: PayloadFilter | None = None, *, limit: int = 10_000) -> list[StoredPoint]:
        try:
            records, _ = await self._client.scroll(
                self._collection, scroll_filter=_to_filter(where), limit=limit, with_payload=True
            )
        except _UPSTREAM_ERRORS as exc:
            raise UpstreamUnavailable(f"Qdrant scroll failed: {exc}") from exc
        return [StoredPoint(str(record.id), dict(record.payload or {})) for record in records]

    async def retrieve(self, ids: Sequence[str]) -> list[StoredPoint]:
        try:
            records = await self._client.retrieve(self._collection, ids=list(ids), with_payload=True)
        except _UPSTREAM_ERRORS as exc:
            raise UpstreamUnavailable(f"Qdrant retrieve failed: {exc}") from exc
        return [StoredPoint(str(record.id), dict(record.payload or {})) for record in records]

    async def count(self, where: PayloadFilter | None = None) -> int:
        try:
            result = await self._client.count(self._collection, count_filter=_to_filter(where), exact=True)
        except _UPSTREAM_ERRORS as exc:
            raise UpstreamUnavailable(f"Qdrant count failed: {exc}") from exc
        return int(result.count)

    async def close(self) -> None:
        await self._client.close()

    async def optimize(self) -> None:
        return None  # a Qdrant server optimises segments on its own schedule

    async def drop(self) -> None:
        try:
            await self._client.delete_collection(self._collection)
        except _UPSTREAM_ERRORS as exc:
            raise UpstreamUnavailable(f"Qdrant delete_collection failed: {exc}") from exc
        await self._client.close()
