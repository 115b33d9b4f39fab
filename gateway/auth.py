"""API keys: when required, every /v1 and /mcp request names one. The key's holder becomes the request's
`Principal` (in the ASGI scope's state, read by `gateway.deps.PrincipalDep`), which travels as run context to
every tool call; the MCP servers enforce its grants (mcp_servers/credentials.py)."""

from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.governance.authenticator import Authenticator
from gateway.governance.expiry import KeyExpired
from gateway.refusals import MCP_PATH, METADATA_PATH, refusal
from gateway.request_state import API_KEY_STATE, PRINCIPAL_STATE
from observability import record_principal

PUBLIC_PATHS = frozenset(
    {
        "/healthz",
        "/readyz",
        "/metrics",
        "/docs",
        "/docs/oauth2-redirect",
        "/redoc",
        "/openapi.json",
        METADATA_PATH,
        f"{METADATA_PATH}{MCP_PATH}",
    }
)

MISSING = "no API key was sent; send `Authorization: Bearer <key>` (or `X-API-Key: <key>`)"
NOT_VALID = (
    "this API key is not valid (unknown or revoked); send a live key as `Authorization: Bearer <key>` "
    "(an administrator lists keys with `relayboard keys list` and issues one with `relayboard keys create NAME`)"
)


def _presented_key(scope: Scope) -> str | None:
    headers: dict[str, str] = {
        name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope.get("headers", [])
    }
    authorization = headers.get("authorization", "")
    if authorization.lower().startswith("bearer "):
        return authorization[7:].strip()
    return headers.get("x-api-key")


class ApiKeyMiddleware:
    """Refuses requests without a known key (401) when keys are required; passes the rest on as the key's holder
    (or, when no key is required, as the anonymous principal the dependency supplies)."""

    def __init__(self, app: ASGIApp, authenticator: Authenticator) -> None:
        self._app, self._authenticator = app, authenticator

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in PUBLIC_PATHS or not await self._authenticator.required():
            await self._app(scope, receive, send)
            return
        presented = _presented_key(scope)
        try:
            found = await self._authenticator.authenticate(presented)
        except KeyExpired as exc:  # its own wording: the holder needs a new key, not a fix to the one sent
            await refusal(scope, 401, "Unauthorized", str(exc))(scope, receive, send)
            return
        if found is None:
            detail = NOT_VALID if presented else MISSING  # never the key: it may be a secret sent to the wrong place
            await refusal(scope, 401, "Unauthorized", detail)(scope, receive, send)
            return
        principal, key = found
        record_principal(principal.name)
        state = scope.setdefault("state", {})
        state[PRINCIPAL_STATE], state[API_KEY_STATE] = principal, key
        await self._app(scope, receive, send)
