"""Refusals sent before a route runs (the key check, the limits, the host check), in the form the caller reads.

Routes under /v1 get problem+json. The MCP endpoint gets a JSON-RPC error at the same HTTP status: an MCP client
shows a JSON-RPC error's message (the MCP SDK replaces any other non-2xx body by "Server returned an error
response"), so the message says what to do, and `data` keeps the status and title for a program.
"""

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Scope

from gateway.problems import problem

MCP_PATH = "/mcp"
METADATA_PATH = "/.well-known/oauth-protected-resource"
REFUSED = -32001  # JSON-RPC's implementation-defined server-error range (-32000 to -32099)
_MCP_HINTS = {
    401: ' (in an IDE\'s MCP config: "headers": {"Authorization": "Bearer KEY"}; for `relayboard mcp`, set '
    "RELAYBOARD_API_KEY)",
}


def metadata_url(scope: Scope) -> str:
    """Where this gateway's protected-resource metadata (RFC 9728) for the MCP endpoint is served."""
    return f"{str(Request(scope).base_url).rstrip('/')}{METADATA_PATH}{MCP_PATH}"


def refusal(scope: Scope, status: int, title: str, detail: str, headers: dict[str, str] | None = None) -> Response:
    """The answer refusing this request: a JSON-RPC error on the MCP endpoint, problem+json elsewhere. A 401
    names the protected-resource metadata (`WWW-Authenticate: Bearer resource_metadata=...`), which says a static
    bearer key is expected, so an MCP client does not start an OAuth flow."""
    fields = dict(headers or {})
    if status == 401:
        fields["WWW-Authenticate"] = f'Bearer resource_metadata="{metadata_url(scope)}"'
    if scope.get("path") != MCP_PATH:
        return problem(status, title, detail, headers=fields)
    message = f"{title} (HTTP {status}): {detail}{_MCP_HINTS.get(status, '')}"
    error = {"code": REFUSED, "message": message, "data": {"status": status, "title": title}}
    return JSONResponse({"jsonrpc": "2.0", "id": None, "error": error}, status_code=status, headers=fields)
