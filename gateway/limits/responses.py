"""Refusals sent straight from the limit middlewares, in the gateway's problem+json contract."""

from starlette.types import Receive, Scope, Send

from gateway.problems import problem


async def refuse(
    scope: Scope, receive: Receive, send: Send, status: int, detail: str, headers: dict[str, str] | None = None
) -> None:
    """Answer with a problem+json `status` (429 Too many requests, 413 Content too large, 503 Busy)."""
    title = {413: "Content too large", 429: "Too many requests", 503: "Busy"}[status]
    await problem(status, title, detail, headers=headers)(scope, receive, send)
