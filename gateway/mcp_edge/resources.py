"""Documents as MCP resources: `resources/list` pages through every readable collection's documents, and the
template `relayboard://collections/{collection}/documents/{doc_id}` reads one (its id percent-encoded).

The SDK's resource manager lists a fixed set; documents come and go with ingests, so the listing is an edge
middleware that asks the retrieval server per request, for the caller, a page at a time.
"""

from typing import Any
from urllib.parse import quote

from mcp.server.context import CallNext, HandlerResult, ServerRequestContext
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.resources import ResourceSecurity
from mcp.shared.exceptions import MCPError
from mcp.types import INVALID_PARAMS

from gateway.mcp_edge.grants import caller
from gateway.mcp_edge.system_handle import EdgeSystem
from tools.errors import NotFound, RelayboardError

TEMPLATE = "relayboard://collections/{collection}/documents/{doc_id}"
PAGE_SIZE = 100
RESOURCE_NOT_FOUND = -32002  # the MCP spec's code for a resource that does not exist
MARKDOWN = "text/markdown"


def document_uri(collection: str, doc_id: str) -> str:
    return f"relayboard://collections/{collection}/documents/{quote(doc_id, safe='')}"


def _refused(exc: RelayboardError) -> MCPError:
    return MCPError(code=RESOURCE_NOT_FOUND if isinstance(exc, NotFound) else INVALID_PARAMS, message=str(exc))


def register_resources(server: MCPServer[EdgeSystem]) -> None:
    """Add the document template (read through `get_document`, for the caller)."""

    # A document id is a store key, never a path: the SDK's path-traversal checks do not apply to it.
    @server.resource(
        TEMPLATE,
        name="document",
        title="A document in a collection",
        description="The whole text of one ingested document (ids as in search_documents hits, percent-encoded).",
        mime_type=MARKDOWN,
        security=ResourceSecurity(exempt_params={"doc_id"}),
    )
    async def document(collection: str, doc_id: str, ctx: Context[EdgeSystem]) -> str:
        principal = caller(ctx.request_context)
        arguments = {"doc_id": doc_id, "collection": collection}
        try:
            system = await ctx.request_context.lifespan_context.get(ctx)
            found = await system.call_tool("retrieval", "get_document", arguments, principal=principal)
        except RelayboardError as exc:
            raise _refused(exc) from exc
        return f"# {found['title'] or found['doc_id']}\n\n{found['text']}"


def _cursor(raw: Any, collections: list[str]) -> tuple[int, int]:
    """(collection index, offset) of a cursor this listing handed out, `COLLECTION:OFFSET`."""
    if raw is None:
        return 0, 0
    name, _, offset = str(raw).rpartition(":")
    if name not in collections or not offset.isdigit():
        raise MCPError(code=INVALID_PARAMS, message=f"{raw!r} is not a cursor from resources/list: start without one")
    return collections.index(name), int(offset)


class DocumentListing:
    """Edge middleware filling `resources/list` with the caller's documents, `PAGE_SIZE` per page, by collection."""

    async def __call__(self, ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
        shaped = await call_next(ctx)  # the SDK's (empty) listing, in the wire form of the session's protocol
        if ctx.method != "resources/list" or not isinstance(shaped, dict):
            return shaped
        principal = caller(ctx)
        if not principal.grants.allows_tool("retrieval", "list_documents"):
            return shaped
        try:
            handle: EdgeSystem = ctx.lifespan_context
            system = await handle.get()
            listed = await system.call_tool("retrieval", "list_collections", {}, principal=principal)
            collections = [c["name"] for c in listed["collections"]]
            index, offset = _cursor((ctx.params or {}).get("cursor"), collections)
            resources: list[dict[str, Any]] = []
            next_cursor: str | None = None
            while index < len(collections) and next_cursor is None:
                name = collections[index]
                arguments = {"collection": name, "offset": offset, "limit": PAGE_SIZE - len(resources)}
                page = await system.call_tool("retrieval", "list_documents", arguments, principal=principal)
                resources += [_entry(name, entry) for entry in page["documents"]]
                index, offset = (index, page["next_offset"]) if page["next_offset"] is not None else (index + 1, 0)
                if len(resources) >= PAGE_SIZE and index < len(collections):
                    next_cursor = f"{collections[index]}:{offset}"
        except RelayboardError as exc:
            raise _refused(exc) from exc
        return {**shaped, "resources": resources, **({"nextCursor": next_cursor} if next_cursor else {})}


def _entry(collection: str, entry: dict[str, Any]) -> dict[str, Any]:
    return {
        "uri": document_uri(collection, entry["doc_id"]),
        "name": entry["doc_id"],
        "title": entry["title"] or entry["doc_id"],
        "description": f"In the `{collection}` collection, {entry['length']:,} characters",
        "mimeType": MARKDOWN,
    }
