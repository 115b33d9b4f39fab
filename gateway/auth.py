"""API keys: when configured, every /v1 and /mcp request names one. The key's holder becomes the request's
`Principal` (in the ASGI scope's state, read by `gateway.deps.PrincipalDep`), which travels as run context to
every tool call; the agents pass its SQL tables on to the SQL server in each call's `_meta`."""

import hmac
import json

from starlette.types import ASGIApp, Receive, Scope, Send

from agents.contracts import Principal
from gateway.problems import PROBLEM_JSON
from gateway.settings import ApiKey
from observability import record_principal

PRINCIPAL_STATE = "principal"  # the key of the request state that holds the caller
PUBLIC_PATHS = frozenset(
    {"/healthz", "/readyz", "/metrics", "/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json"}
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
    """Refuses requests without a known key (401), and restricted keys on /mcp (403); passes the rest on with
    the key's SQL tables in force."""

    def __init__(self, app: ASGIApp, keys: dict[str, ApiKey]) -> None:
        self._app, self._keys = app, keys

    def _holder(self, presented: str | None) -> ApiKey | None:
        found = None
        for key, holder in self._keys.items():
            # Compare against every key in constant time: the time taken says nothing about near misses.
            if presented is not None and hmac.compare_digest(key.encode(), presented.encode()):
                found = holder
        return found

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self._keys or scope["path"] in PUBLIC_PATHS:
            await self._app(scope, receive, send)
            return
        holder = self._holder(_presented_key(scope))
        if holder is None:
            detail = "this gateway needs an API key: send `Authorization: Bearer KEY` (or `X-API-Key: KEY`)"
            await _problem(send, 401, "Unauthorized", detail)
            return
        if scope["path"].startswith("/mcp") and holder.sql_tables is not None:
            detail = f"the key of {holder.name} is limited to some tables; use it on /v1/ask, or use an unlimited key"
            await _problem(send, 403, "Forbidden", detail)
            return
        record_principal(holder.name)
        tables = tuple(holder.sql_tables) if holder.sql_tables is not None else None
        scope.setdefault("state", {})[PRINCIPAL_STATE] = Principal(holder.name, tables)
        await self._app(scope, receive, send)


async def _problem(send: Send, status: int, title: str, detail: str) -> None:
    body = json.dumps({"type": "about:blank", "title": title, "status": status, "detail": detail}).encode()
    headers = [(b"content-type", PROBLEM_JSON.encode()), (b"content-length", str(len(body)).encode())]
    if status == 401:
        headers.append((b"www-authenticate", b"Bearer"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
