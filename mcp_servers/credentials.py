"""Grants enforced where the tools run: each call's signed token is verified here, before the tool sees it.

- Over streamable HTTP every request needs the gateway's connection token (`Authorization: Bearer`), else 401
  (`ConnectionCredentials`, in front of the MCP app), and every `tools/call` a call token in its `_meta`.
- Over stdio the only client is the parent process that started the server: a call without a call token runs
  with full access (the gateway always sends one; tests and evals that drive one server need not).
- A call for a tool the token's grants do not name is an MCP tool error of kind `forbidden`; `tools/list` with a
  call token lists only the tools its grants name. Tools read the verified caller with `current_caller()`.
"""

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from mcp.server.context import CallNext, HandlerResult, ServerRequestContext
from mcp.server.mcpserver import MCPServer
from mcp.shared.exceptions import MCPError
from mcp_types import INVALID_REQUEST
from pydantic import BaseModel
from starlette.types import ASGIApp, Receive, Scope, Send

from mcp_servers.errors import error_result
from tools.call_tokens import CREDENTIAL_META_KEY, GATEWAY_SUBJECT, LIST_TOOLS, CallVerifier, VerifiedCaller
from tools.errors import Forbidden, Unauthenticated
from tools.grants import FULL_ACCESS, CollectionLevel

PARENT = VerifiedCaller(GATEWAY_SUBJECT, FULL_ACCESS)
# The caller of the tool call being handled: set by `CallerGrants` around the handler, read by the tools.
_caller: ContextVar[VerifiedCaller] = ContextVar("relayboard_caller", default=PARENT)


def current_caller() -> VerifiedCaller:
    """The verified caller of the tool call being handled (the parent process over stdio without a token)."""
    return _caller.get()


def require_collection(collection: str, level: CollectionLevel) -> None:
    """Refuse the current call unless its caller holds `level` on `collection`.

    Raises:
        Forbidden: names the grant that would allow it.
    """
    caller = current_caller()
    if not caller.grants.allows_collection(collection, level):
        raise Forbidden(
            f"the key of {caller.name} may not {level} collection {collection!r} "
            f"(it needs the grant collection:{collection}:{level})"
        )


def _meta_credential(meta: Any) -> object:
    if meta is None:
        return None
    values = meta if isinstance(meta, Mapping) else getattr(meta, "model_extra", None) or {}
    return values.get(CREDENTIAL_META_KEY)


class CallerGrants:
    """Server middleware: verifies call tokens for server `namespace` and enforces their tool grants."""

    def __init__(self, verifier: CallVerifier, namespace: str) -> None:
        self._verifier, self._namespace = verifier, namespace

    async def __call__(self, ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
        if ctx.method == "tools/call" and ctx.params:
            return await self._call(ctx, call_next)
        if ctx.method == "tools/list":
            return await self._list(ctx, call_next)
        return await call_next(ctx)

    async def _call(self, ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
        assert ctx.params is not None
        name, arguments = str(ctx.params.get("name", "")), dict(ctx.params.get("arguments") or {})
        token = _meta_credential(ctx.meta)
        try:
            caller = (
                PARENT if token is None and ctx.request is None else self._verifier.verify_call(token, name, arguments)
            )
        except Unauthenticated as exc:
            return error_result("unauthenticated", str(exc))
        if not caller.grants.allows_tool(self._namespace, name):
            return error_result(
                "forbidden",
                f"the key of {caller.name} holds no grant for `{name}` (grant tool:{self._namespace}:{name})",
            )
        with _acting_for(caller):
            return await call_next(ctx)

    async def _list(self, ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
        token = _meta_credential(ctx.meta)
        if token is None:  # the gateway's own listing (its connection token admitted it over HTTP)
            return await call_next(ctx)
        try:
            caller = self._verifier.verify_call(token, LIST_TOOLS, {})
        except Unauthenticated as exc:
            raise MCPError(INVALID_REQUEST, str(exc)) from exc
        result = await call_next(ctx)
        if isinstance(result, BaseModel):
            result = result.model_dump(by_alias=True, mode="json", exclude_none=True)
        if not isinstance(result, dict):
            return result
        tools = [tool for tool in result.get("tools", []) if caller.grants.allows_tool(self._namespace, tool["name"])]
        return {**result, "tools": tools}


def enforce_call_credentials(server: MCPServer, verifier: CallVerifier, namespace: str) -> None:
    """Put `CallerGrants` on `server` (innermost, so the tool-call span records a refusal)."""
    server.middleware.append(CallerGrants(verifier, namespace))


@contextmanager
def _acting_for(caller: VerifiedCaller) -> Iterator[None]:
    reset = _caller.set(caller)
    try:
        yield
    finally:
        _caller.reset(reset)


class ConnectionCredentials:
    """ASGI middleware of a server over HTTP: a request without the gateway's valid connection token is a 401."""

    def __init__(self, app: ASGIApp, verifier: CallVerifier) -> None:
        self._app, self._verifier = app, verifier

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        authorization = next(
            (value.decode("latin-1") for name, value in scope.get("headers", []) if name.lower() == b"authorization"),
            "",
        )
        token = authorization[7:].strip() if authorization.lower().startswith("bearer ") else None
        try:
            self._verifier.verify_connection(token)
        except Unauthenticated as exc:
            body = json.dumps({"error": "unauthorized", "detail": str(exc)}).encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": 401,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(body)).encode()),
                        (b"www-authenticate", b"Bearer"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        await self._app(scope, receive, send)
