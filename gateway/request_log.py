"""One log line per HTTP request: method, route, status, duration and the principal's name (never the key)."""

import logging
import time

from starlette.types import ASGIApp, Receive, Scope, Send

from agents.contracts import Principal
from gateway.request_state import PRINCIPAL_STATE
from gateway.response_outcome import ResponseOutcome
from gateway.tracing import is_probe

logger = logging.getLogger("gateway.requests")


class RequestLogMiddleware:
    """Logs each request once it is answered (probes only when they fail: a probe every 10 s is noise)."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        started, outcome = time.perf_counter(), ResponseOutcome(receive, send)
        try:
            await self._app(scope, outcome.receive, outcome.send)
        finally:
            status = outcome.status  # a stream the client left is 499, though its status line said 200
            if not is_probe(scope) or status >= 400:
                self._log(scope, status, time.perf_counter() - started)

    @staticmethod
    def _log(scope: Scope, status: int, seconds: float) -> None:
        # The route template, never the raw path: OpenTelemetry's http.route is low-cardinality and absent when no
        # route matched (a 404 on a random path), as FastAPI's own spans and metrics have it.
        route = getattr(scope.get("route"), "path", None)
        principal = scope.get("state", {}).get(PRINCIPAL_STATE)
        name = principal.name if isinstance(principal, Principal) else None
        level = logging.WARNING if status >= 500 else logging.INFO
        logger.log(
            level,
            "%s %s %d in %.0f ms%s",
            scope["method"],
            scope["path"],
            status,
            seconds * 1000,
            f" for {name}" if name else "",
            extra={
                "http.request.method": scope["method"],
                **({"http.route": route} if route else {}),
                "http.response.status_code": status,
                "duration_ms": round(seconds * 1000, 1),
                "principal": name,
            },
        )
