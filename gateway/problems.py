"""The HTTP error contract: every error is RFC 9457 problem+json with a `detail` saying what to fix."""

import logging
import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from gateway.missing_body import missing_body_message
from gateway.tracing import traceparent_header
from observability import SpanKind, format_traceparent, request_context, start_span
from tools.errors import (
    Forbidden,
    InvalidInput,
    NotFound,
    QueryTimeout,
    RelayboardError,
    ToolFailed,
    Unauthenticated,
    UpstreamUnavailable,
)
from tools.validation_messages import error_message, field_name

logger = logging.getLogger(__name__)
PROBLEM_JSON = "application/problem+json"

_STATUS: list[tuple[type[RelayboardError], int, str]] = [
    (InvalidInput, 400, "Invalid input"),
    (NotFound, 404, "Not found"),
    (Unauthenticated, 401, "Unauthorized"),
    (Forbidden, 403, "Forbidden"),
    (QueryTimeout, 504, "Query timed out"),
    (UpstreamUnavailable, 503, "Dependency unavailable"),
    (ToolFailed, 502, "Tool failed"),
]
# InternalFault and anything unexpected: 500 with this detail; the log has what happened.
_INTERNAL = "an internal error happened; the server log has the details under this trace_id"


def problem(
    status: int, title: str, detail: str, *, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    """A problem+json response."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def retry_after(exc: Exception) -> dict[str, str] | None:
    """A `Retry-After` header (whole seconds) for a dependency that said when it may be back, else None."""
    seconds = exc.retry_after_s if isinstance(exc, UpstreamUnavailable) else None
    return None if seconds is None else {"Retry-After": str(max(1, math.ceil(seconds)))}


def problem_for(exc: Exception) -> tuple[int, str, str]:
    """(status, title, detail) for an exception; unknown errors say nothing of their internals."""
    if isinstance(exc, RelayboardError):
        for kind, status, title in _STATUS:
            if isinstance(exc, kind):
                return status, title, str(exc)
    return 500, "Internal error", _INTERNAL


async def openai_error_member(request: Request) -> None:
    """A route dependency: this request's problems also carry OpenAI's `error` member, which OpenAI clients
    read their error message from (the problem+json members stay as they are)."""
    request.state.openai_errors = True


def _problem(
    request: Request, status: int, title: str, detail: str, *, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    if getattr(request.state, "openai_errors", False):
        extra["error"] = {"message": detail, "type": title, "code": status}
    return problem(status, title, detail, headers=headers, **extra)


def error_trace(request: Request, exc: Exception) -> tuple[str, str | None]:
    """(trace id, `traceparent`) a 5xx names, the same trace in both: `exc` is recorded on a span that is a child
    of the request's server span, or, when there is none (a probe path, tracing off, a failure outside it), of the
    caller's `traceparent`, or a new trace. The header names the server span when there is one, else that span."""
    trace_id = getattr(request.state, "trace_id", None)
    current = traceparent_header()
    if isinstance(trace_id, str):
        return trace_id, current[1].decode() if current is not None else None
    with start_span("relayboard.error", SpanKind.CHAIN, context=request_context(request.headers)) as span:
        span.record_exception(exc)
        context = span.get_span_context()
        own = format_traceparent(span) if context.is_valid else None
    return f"{context.trace_id:032x}", current[1].decode() if current is not None else own


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _methods_of(request: Request) -> list[str]:
    """Every method some route offers at the request's path, found by asking the app's routes whether each method
    would fully match. Starlette's own `Allow` names only the methods of the first route that matched the path;
    FastAPI adds one route per method, and (0.165) wraps an included router's routes in one route of its own
    whose methods only its `matches` knows."""
    return [
        method
        for method in _METHODS
        if any(route.matches({**request.scope, "method": method})[0] is Match.FULL for route in request.app.routes)
    ]


def _body_not_read_as_json(exc: RequestValidationError) -> bool:
    """Whether FastAPI left the body as bytes: it reads JSON only from a body sent as `application/json` (or
    `+json`), so a body of another type (or none named) reaches validation unread, and pydantic's error would show
    its bytes."""
    return any(tuple(e.get("loc", ())) == ("body",) and isinstance(e.get("input"), bytes) for e in exc.errors())


def _message(request: Request, error: Any) -> str:
    """A validation error's sentence; no body at all names what the route's body holds ("`body` is required" alone
    would not say what to send)."""
    if error.get("type") == "missing" and tuple(error.get("loc", ())) == ("body",):
        return missing_body_message(request.scope.get("route"))
    return error_message(error)


def install_problem_handlers(app: FastAPI) -> None:
    """Map errors to problem+json once, for every route."""

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        if _body_not_read_as_json(exc):
            sent = request.headers.get("content-type")
            detail = (
                f"the body must be JSON, sent with `Content-Type: application/json` "
                f"({f'got `{sent}`' if sent else 'no Content-Type was sent'})"
            )
            return _problem(request, 415, "Unsupported media type", detail)
        errors = [{"field": field_name(e.get("loc", ())), "message": _message(request, e)} for e in exc.errors()]
        detail = "; ".join(e["message"] for e in errors)
        if any(e.get("type") == "json_invalid" for e in exc.errors()):
            detail = 'the body is not valid JSON: send a JSON object such as {"question": "..."}'
        return _problem(request, 422, "Invalid request", detail, errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = dict(exc.headers or {})  # a 401's `WWW-Authenticate`, a 405's `Allow` (RFC 9110 requires it)
        detail = str(exc.detail)
        if exc.status_code == 400 and isinstance(exc.__cause__, UnicodeDecodeError):  # FastAPI's "error parsing"
            detail = (
                f"the body is not UTF-8 JSON ({exc.__cause__.reason} at byte {exc.__cause__.start}): encode it as UTF-8"
            )
            return _problem(request, 422, "Invalid request", detail, errors=[{"field": "body", "message": detail}])
        if exc.status_code == 405:
            allowed = ", ".join(_methods_of(request))
            headers, detail = (
                {**headers, "Allow": allowed},
                f"{request.method} is not a method of {request.url.path}; use {allowed}",
            )
        if exc.status_code >= 500:
            trace_id, traceparent = error_trace(request, exc)
            headers |= {"traceparent": traceparent} if traceparent else {}
            return _problem(request, exc.status_code, "HTTP error", detail, headers=headers, trace_id=trace_id)
        return _problem(request, exc.status_code, "HTTP error", detail, headers=headers)

    @app.exception_handler(RelayboardError)
    async def relayboard_error(request: Request, exc: RelayboardError) -> JSONResponse:
        status, title, detail = problem_for(exc)
        if status < 500:
            return _problem(request, status, title, detail)
        trace_id, traceparent = error_trace(request, exc)
        logger.warning("%s (trace %s): %s", title, trace_id, exc)
        headers = (retry_after(exc) or {}) | ({"traceparent": traceparent} if traceparent else {})
        return _problem(request, status, title, detail, headers=headers, trace_id=trace_id)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        trace_id, traceparent = error_trace(request, exc)
        logger.error("unhandled error (trace %s)", trace_id, exc_info=exc)
        status, title, detail = problem_for(exc)
        # Starlette sends this response outside the middleware stack, past TraceparentMiddleware: set it here.
        headers = {"traceparent": traceparent} if traceparent else None
        return _problem(request, status, title, detail, headers=headers, trace_id=trace_id)
