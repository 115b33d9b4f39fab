"""The problem+json responses each route declares in the OpenAPI document (the handlers are `problems.py`)."""

from typing import Any

from pydantic import BaseModel, Field

from gateway.problems import PROBLEM_JSON


class Problem(BaseModel):
    """An RFC 9457 problem: every error of this API, 4xx and 5xx."""

    type: str = Field(default="about:blank", examples=["about:blank"])
    title: str = Field(examples=["Not found"])
    status: int = Field(ge=400, le=599, examples=[404])
    detail: str = Field(description="What was wrong and how to fix it", examples=["no job 'x': list yours ..."])
    trace_id: str | None = Field(default=None, description="5xx: the trace the server log names")
    errors: list[dict[str, str]] | None = Field(default=None, description="422: each invalid field and why")


_MEANINGS = {
    400: "The input is out of range or inconsistent (the detail says which)",
    401: "No API key, or an unknown or revoked one (keys are required)",
    403: "The key lacks the grant this needs (the detail names it)",
    404: "No such thing, or one that belongs to another key",
    413: "The body is larger than RELAYBOARD_MAX_BODY_BYTES",
    415: "The body is not sent as JSON: send it with `Content-Type: application/json`",
    422: "The request does not match the schema (each field is listed in `errors`)",
    429: "Over this key's rate, token or concurrency limit: see `Retry-After` and `RateLimit`",
    503: "A dependency (MCP server, database, model) is unavailable: retry after `Retry-After` when sent",
}
EVERY_V1_ROUTE = (401, 413, 415, 422, 429, 503)
"""What any /v1 route may answer: key checks, the body cap, a body not sent as JSON, validation, limits, and
dependencies."""


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` entries documenting `statuses` as problem+json."""
    schema = Problem.model_json_schema()
    return {
        status: {"description": _MEANINGS[status], "content": {PROBLEM_JSON: {"schema": schema}}} for status in statuses
    }
