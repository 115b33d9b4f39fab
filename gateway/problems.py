"""The HTTP error contract: every error is RFC 9457 problem+json with a `detail` saying what to fix."""

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from gateway.tracing import traceparent_header
from tools.errors import InvalidInput, NotFound, QueryTimeout, RelayboardError, UpstreamUnavailable

logger = logging.getLogger(__name__)
PROBLEM_JSON = "application/problem+json"

_STATUS: list[tuple[type[RelayboardError], int, str]] = [
    (InvalidInput, 400, "Invalid input"),
    (NotFound, 404, "Not found"),
    (QueryTimeout, 504, "Query timed out"),
    (UpstreamUnavailable, 503, "Dependency unavailable"),
]


def problem(status: int, title: str, detail: str, **extra: Any) -> JSONResponse:
    """A problem+json response."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def problem_for(exc: Exception) -> tuple[int, str, str]:
    """(status, title, detail) for an exception; unknown errors say nothing of their internals."""
    if isinstance(exc, RelayboardError):
        for kind, status, title in _STATUS:
            if isinstance(exc, kind):
                return status, title, str(exc)
    return 500, "Internal error", "the request failed unexpectedly; the server log has the details"


def _field(location: tuple[Any, ...]) -> str:
    parts = [str(part) for part in location if part != "body"]
    return ".".join(parts) or "body"


def install_problem_handlers(app: FastAPI) -> None:
    """Map errors to problem+json once, for every route."""

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"field": _field(tuple(e.get("loc", ()))), "message": e.get("msg", "")} for e in exc.errors()]
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        if any(e.get("type") == "json_invalid" for e in exc.errors()):
            detail = 'the body is not valid JSON: send a JSON object such as {"question": "..."}'
        return problem(422, "Invalid request", detail, errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem(exc.status_code, "HTTP error", str(exc.detail))

    @app.exception_handler(RelayboardError)
    async def relayboard_error(_: Request, exc: RelayboardError) -> JSONResponse:
        status, title, detail = problem_for(exc)
        if status >= 500:
            logger.warning("%s: %s", title, detail)
        return problem(status, title, detail)

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        logger.exception("unhandled error", exc_info=exc)
        status, title, detail = problem_for(exc)
        response = problem(status, title, detail)
        # Starlette sends this response outside the middleware stack, past TraceparentMiddleware.
        header = traceparent_header()
        if header is not None:
            response.headers["traceparent"] = header[1].decode()
        return response
