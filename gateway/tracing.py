"""Every HTTP response names its trace: a `traceparent` header from the request's span, errors included."""

from collections.abc import MutableMapping
from typing import Any

from opentelemetry import trace
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from observability import format_traceparent

PROBE_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


def is_probe(scope: MutableMapping[str, Any]) -> bool:
    """Health and readiness probes and metrics scrapes: FastAPI traces and measures none of them (a 10 s probe
    would be ~100k spans a day)."""
    return scope.get("path") in PROBE_PATHS


def traceparent_header() -> tuple[bytes, bytes] | None:
    """The `traceparent` of the current span, when there is one."""
    span = trace.get_current_span()
    if not span.get_span_context().is_valid:
        return None
    return b"traceparent", format_traceparent(span).encode()


class TraceparentMiddleware:
    """Adds `traceparent` to responses that lack one (a route may set its own, e.g. the request span's)."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return

        async def send_with_traceparent(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                header = traceparent_header()
                if header is not None and not any(name.lower() == b"traceparent" for name, _ in headers):
                    message = {**message, "headers": [*headers, header]}
            await send(message)

        await self._app(scope, receive, send_with_traceparent)
