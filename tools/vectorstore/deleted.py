"""The error both backends raise for a collection deleted while a caller still held its store."""

from tools.errors import NotFound


def collection_deleted(name: str) -> NotFound:
    """A call that reached collection `name` after it was deleted (Edge: "Shard is not initialized"; a Qdrant
    server: 404): the caller's to resolve, by creating it again, not the store's failure."""
    return NotFound(
        f"the collection {name!r} was deleted while this call was using it; the call stopped there, writing nothing "
        "more: create the collection again, then repeat the call"
    )
