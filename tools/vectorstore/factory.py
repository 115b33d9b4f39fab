"""Opening the configured vector-store backend."""

from tools.settings import StoreSettings
from tools.vectorstore.base import VectorStore
from tools.vectorstore.edge import EdgeVectorStore
from tools.vectorstore.server import ServerVectorStore


async def open_vector_store(settings: StoreSettings, *, dimension: int) -> VectorStore:
    """Open (creating if needed) the collection named by `settings` on its backend.

    Raises:
        UpstreamUnavailable: the store cannot be opened or reached.
    """
    if settings.store_backend == "server":
        from qdrant_client import AsyncQdrantClient

        api_key = settings.qdrant_api_key.get_secret_value() if settings.qdrant_api_key else None
        client = AsyncQdrantClient(url=settings.qdrant_url, api_key=api_key)
        return await ServerVectorStore.open(client, settings.collection, dimension=dimension)
    return EdgeVectorStore.open(settings.edge_path, dimension=dimension)
