"""Refusals sent straight from the limit middlewares (problem+json; a JSON-RPC error on the MCP endpoint)."""

from starlette.types import Receive, Scope, Send

from gateway.refusals import refusal


async def refuse(
    scope: Scope,
    receive: Receive,
    send: Send,
    status: int,
    detail: str,
    headers: dict[str, str] | None = None,
    *,
    title: str | None = None,
) -> None:
    """Answer with `status` (429 Too many requests, 413 Content too large, 503 Busy, or `title`)."""
    title = title or {413: "Content too large", 429: "Too many requests", 503: "Busy"}[status]
    await refusal(scope, status, title, detail, headers)(scope, receive, send)
