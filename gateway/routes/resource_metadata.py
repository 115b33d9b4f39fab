"""`GET /.well-known/oauth-protected-resource[/mcp]`: OAuth protected-resource metadata (RFC 9728) saying that
this gateway takes a static bearer key and names no authorization server, so an MCP client that finds it (from
a 401's `WWW-Authenticate`, or by the MCP spec's well-known paths) asks its user for the key's header instead
of starting an interactive OAuth flow."""

from fastapi import APIRouter, Request
from pydantic import BaseModel

from gateway.refusals import MCP_PATH, METADATA_PATH

router = APIRouter(tags=["health"])
KEY_HELP = (
    "Send a Relayboard API key as `Authorization: Bearer KEY` (in an IDE's MCP config: "
    '"headers": {"Authorization": "Bearer KEY"}); an administrator issues keys with `relayboard keys create`.'
)


class ResourceMetadata(BaseModel):
    """The RFC 9728 fields this gateway sends, and how to get a key."""

    resource: str
    bearer_methods_supported: list[str]
    resource_name: str
    relayboard_key_help: str


def _metadata(request: Request, resource_path: str) -> ResourceMetadata:
    base = str(request.base_url).rstrip("/")
    return ResourceMetadata(
        resource=f"{base}{resource_path}",
        bearer_methods_supported=["header"],
        resource_name="Relayboard",
        relayboard_key_help=KEY_HELP,
    )


@router.get(
    METADATA_PATH, response_model=ResourceMetadata, summary="Protected-resource metadata of the gateway (RFC 9728)"
)
async def gateway_metadata(request: Request) -> ResourceMetadata:
    return _metadata(request, "")


@router.get(
    f"{METADATA_PATH}{MCP_PATH}",
    response_model=ResourceMetadata,
    summary="Protected-resource metadata of the MCP endpoint (RFC 9728)",
)
async def mcp_metadata(request: Request) -> ResourceMetadata:
    return _metadata(request, MCP_PATH)
