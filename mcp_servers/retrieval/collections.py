"""The retrieval server's collections: recorded settings plus a store opened on first use, per name."""

import asyncio
from dataclasses import replace

from tools.collections import CollectionRegistry, CollectionSpec
from tools.embeddings import Embedder
from tools.rerank import Reranker
from tools.search import DocumentSearch
from tools.settings import StoreSettings
from tools.vectorstore import VectorStore, open_vector_store


class CollectionStores:
    """Opens each collection's store once and keeps it open until `close`."""

    def __init__(
        self,
        settings: StoreSettings,
        embedder: Embedder,
        *,
        rerank: bool = False,
        reranker: Reranker | None = None,
        rerank_top_n: int = 30,
        hnsw_ef: int | None = None,
    ) -> None:
        self.settings, self.embedder, self._rerank = settings, embedder, rerank
        self._reranker, self._rerank_top_n = reranker, rerank_top_n
        self._hnsw_ef = hnsw_ef
        self.registry = CollectionRegistry(settings.data_dir)
        self._stores: dict[str, VectorStore] = {}
        self._lock = asyncio.Lock()

    @property
    def default(self) -> str:
        return self.settings.collection

    def spec(self, name: str) -> CollectionSpec:
        """The recorded settings of `name` (the default collection is recorded on first use).

        Raises:
            NotFound: `name` is not the default and was never created.
        """
        return self.registry.ensure(name) if name == self.default else self.registry.get(name)

    async def store(self, name: str) -> VectorStore:
        """The open store of collection `name` (the default collection is created on first use).

        Raises:
            NotFound: `name` is not the default and was never created.
        """
        async with self._lock:
            if name not in self._stores:
                settings = self.settings.model_copy(update={"collection": self.spec(name).name})
                self._stores[name] = await open_vector_store(settings, dimension=self.embedder.dimension)
            return self._stores[name]

    async def search(self, name: str) -> DocumentSearch:
        return DocumentSearch(
            self.embedder,
            await self.store(name),
            rerank=self._rerank,
            reranker=self._reranker,
            rerank_top_n=self._rerank_top_n,
            hnsw_ef=self._hnsw_ef,
        )

    async def create(self, spec: CollectionSpec) -> CollectionSpec:
        """Create `spec`'s collection, or return it when it exists with the same chunking.

        An existing collection that holds no points takes the new chunking: nothing was chunked the old way. This is
        how the default collection, which is never missing (re-created empty on first use), is given other chunking.

        Raises:
            InvalidInput: it exists with other chunking and holds points (re-ingesting must chunk the same way).
        """
        if spec.name in {known.name for known in self.registry.list()}:
            existing = self.registry.get(spec.name)
            if existing.chunking != spec.chunking and await (await self.store(spec.name)).count() == 0:
                return self.registry.record(replace(spec, created_at=existing.created_at))
        created = self.registry.ensure(spec.name, spec.chunking)
        await self.store(created.name)
        return created

    async def drop(self, name: str) -> None:
        """Delete collection `name`: its points and its record.

        Raises:
            NotFound: no such collection.
        """
        store = await self.store(name)
        async with self._lock:
            self._stores.pop(name, None)
            await store.drop()
            self.registry.forget(name)

    async def close(self) -> None:
        async with self._lock:
            for store in self._stores.values():
                await store.close()
            self._stores.clear()
