"""The embedded backend: Qdrant's engine in process (qdrant-edge-py), stored on disk."""

import asyncio
import json
import shutil
import threading
import uuid
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from qdrant_edge import (
    CountRequest,
    Distance,
    EdgeConfig,
    EdgeShard,
    EdgeSparseVectorParams,
    EdgeVectorParams,
    FieldCondition,
    Filter,
    HnswIndexConfig,
    MatchValue,
    Mmr,
    Modifier,
    MultiVectorComparator,
    MultiVectorConfig,
    PayloadSchemaType,
    Point,
    Prefetch,
    Query,
    QueryRequest,
    ScrollRequest,
    SearchParams,
    UpdateOperation,
)
from qdrant_edge import (
    Fusion as EdgeFusion,
)

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

T = TypeVar("T")
_BATCH = 1000


def _vectors(point: PointInput) -> dict[str, Any]:
    vectors: dict[str, Any] = {DENSE_VECTOR: list(point.dense), SPARSE_VECTOR: encode_document(point.text)}
    if point.sentences:
        vectors[SENTENCE_VECTOR] = [list(vector) for vector in point.sentences]
    return vectors


def _to_filter(where: PayloadFilter | None) -> Filter | None:
    if not where:
        return None
    return Filter(must=[FieldCondition(key=key, match=MatchValue(value=value)) for key, value in where.items()])


def _parts(stage: Stage) -> dict[str, Any]:
    """The query, filter, params and prefetches that carry out `stage` in Qdrant Edge's request types."""
    if isinstance(stage, Dense):
        params = SearchParams(hnsw_ef=stage.hnsw_ef, exact=stage.exact)
        query = Query.Nearest(list(stage.vector), using=DENSE_VECTOR)
        return {"query": query, "filter": _to_filter(stage.where), "params": params}
    if isinstance(stage, Bm25):
        return {
            "query": Query.Nearest(encode_query(stage.text), using=SPARSE_VECTOR),
            "filter": _to_filter(stage.where),
        }
    if isinstance(stage, Fused):
        fusion = (
            EdgeFusion.Rrf(k=stage.fusion.k, weights=list(stage.weights))
            if stage.fusion.method == "rrf"
            else EdgeFusion.Dbsf()
        )
        return {"query": fusion, "prefetches": [_prefetch(child) for child in stage.inputs]}
    if isinstance(stage, SentenceMaxSim):
        query = Query.Nearest([list(stage.vector)], using=SENTENCE_VECTOR)
        return {"query": query, "prefetches": [_prefetch(stage.candidates)]}
    mmr = Mmr(list(stage.vector), 1.0 - stage.diversity, stage.candidates.limit, using=DENSE_VECTOR)
    return {"query": mmr, "prefetches": [_prefetch(stage.candidates)]}


def _prefetch(stage: Stage) -> Prefetch:
    return Prefetch(limit=stage.limit, **_parts(stage))


class EdgeVectorStore:
    """A `VectorStore` over one Qdrant Edge shard directory (one open shard per directory and process)."""

    backend = "edge"

    def __init__(self, shard: EdgeShard, path: Path) -> None:
        self._shard, self._path = shard, path
        # The engine holds the GIL for each call; the lock keeps writes and close from interleaving.
        self._lock = threading.Lock()
        self._dropped = False  # set under the lock: a call after `drop` is told the collection is gone

    @classmethod
    def open(cls, path: Path, *, dimension: int) -> "EdgeVectorStore":
        """Open the shard at `path`, creating it (with its vectors and payload indexes) if absent.

        Raises:
            UpstreamUnavailable: the directory is locked by another process or unreadable.
        """
        try:
            if (path / "edge_config.json").exists():
                shard = EdgeShard.load(str(path))
                config = json.loads((path / "edge_config.json").read_text(encoding="utf-8"))
                if SENTENCE_VECTOR not in config.get("vectors", {}):
                    # A collection from before sentence vectors: add the vector; re-ingesting fills it.
                    shard.update(
                        UpdateOperation.create_dense_vector(
                            SENTENCE_VECTOR,
                            dimension,
                            Distance.Cosine,
                            multivector_config=MultiVectorConfig(MultiVectorComparator.MaxSim),
                        )
                    )
            else:
                path.mkdir(parents=True, exist_ok=True)
                config = EdgeConfig(
                    vectors={
                        DENSE_VECTOR: EdgeVectorParams(size=dimension, distance=Distance.Cosine),
                        # Only rescored within candidates, never searched: no HNSW graph to build.
                        SENTENCE_VECTOR: EdgeVectorParams(
                            size=dimension,
                            distance=Distance.Cosine,
                            multivector_config=MultiVectorConfig(MultiVectorComparator.MaxSim),
                            hnsw_config=HnswIndexConfig(m=0, ef_construct=100, full_scan_threshold=10_000),
                        ),
                    },
                    sparse_vectors={SPARSE_VECTOR: EdgeSparseVectorParams(modifier=Modifier.Idf)},
                )
                shard = EdgeShard.create(str(path), config)
                for field in INDEXED_FIELDS:
                    shard.update(UpdateOperation.create_field_index(field, PayloadSchemaType.Keyword))
        except Exception as exc:  # the engine raises bare Exception with a message
            raise UpstreamUnavailable(
                f"cannot open the vector store at {path}: {exc} (is another Relayboard process using it?)"
            ) from exc
        return cls(shard, path)

    async def _call(self, function: Callable[[], T]) -> T:
        def locked() -> T:
            with self._lock:
                if self._dropped:  # the engine would say only "Shard is not initialized"
                    raise collection_deleted(self._path.name)
                try:
                    return function()
                except (TypeError, ValueError):
                    raise
                except Exception as exc:
                    raise UpstreamUnavailable(f"vector store error: {exc}") from exc

        return await asyncio.to_thread(locked)

    async def upsert(self, points: Sequence[PointInput]) -> None:
        for start in range(0, len(points), _BATCH):
            batch = [
                Point(
                    uuid.UUID(point.id),
                    _vectors(point),
                    dict(point.payload),
                )
                for point in points[start : start + _BATCH]
            ]
            await self._call(partial(self._shard.update, UpdateOperation.upsert_points(batch)))
        await self._call(self._shard.flush)

    async def delete(self, ids: Sequence[str]) -> None:
        if ids:
            targets: list[Any] = [uuid.UUID(i) for i in ids]
            await self._call(lambda: self._shard.update(UpdateOperation.delete_points(targets)))
            await self._call(self._shard.flush)

    async def delete_where(self, where: PayloadFilter) -> None:
        condition = _to_filter(where)
        assert condition is not None, "delete_where needs a non-empty filter"
        await self._call(lambda: self._shard.update(UpdateOperation.delete_points_by_filter(condition)))
        await self._call(self._shard.flush)

    async def search(self, request: SearchRequest) -> list[ScoredPoint]:
        top = plan_search(request)
        edge_request = QueryRequest(
            **_parts(top), limit=request.limit, offset=request.offset, with_payload=True, with_vector=False
        )
        hits = await self._call(lambda: self._shard.query(edge_request))
        return [ScoredPoint(str(hit.id), float(hit.score), dict(hit.payload or {})) for hit in hits]

    async def sentence_vectors(self, ids: Sequence[str]) -> dict[str, list[list[float]]]:
        targets: list[Any] = [uuid.UUID(i) for i in ids]
        records = await self._call(
            lambda: self._shard.retrieve(targets, with_payload=False, with_vector=[SENTENCE_VECTOR])
        )
        return multivectors_by_id(records, SENTENCE_VECTOR)

    async def scroll(self, where: PayloadFilter | None = None, *, limit: int = 10_000) -> list[StoredPoint]:
        request = ScrollRequest(limit=limit, filter=_to_filter(where), with_payload=True, with_vector=False)
        records, _ = await self._call(lambda: self._shard.scroll(request))
        return [StoredPoint(str(record.id), dict(record.payload or {})) for record in records]

    async def retrieve(self, ids: Sequence[str]) -> list[StoredPoint]:
        targets: list[Any] = [uuid.UUID(i) for i in ids]
        records = await self._call(lambda: self._shard.retrieve(targets, with_payload=True, with_vector=False))
        return [StoredPoint(str(record.id), dict(record.payload or {})) for record in records]

    async def count(self, where: PayloadFilter | None = None) -> int:
        request = CountRequest(exact=True, filter=_to_filter(where))
        return int(await self._call(lambda: self._shard.count(request)))

    async def close(self) -> None:
        await self._call(self._shard.close)

    async def optimize(self) -> None:
        await self._call(self._shard.optimize)

    async def drop(self) -> None:
        def close_for_good() -> None:  # under the lock: no call slips in between the close and the flag
            self._shard.close()
            self._dropped = True

        await self._call(close_for_good)
        await asyncio.to_thread(shutil.rmtree, self._path, True)
