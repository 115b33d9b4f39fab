"""`GET /healthz` (the process is up) and `GET /readyz` (the MCP servers answer and the store is open)."""

from typing import Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from gateway.deps import SystemDep

router = APIRouter(tags=["health"])


class Readiness(BaseModel):
    """Whether every MCP server answers, and each one's check."""

    status: Literal["ready", "not ready"]
    mode: str = Field(description="extractive or generative", examples=["extractive"])
    checks: dict[str, bool] = Field(examples=[{"retrieval": True, "sql": True, "summarise": True}])
    reasons: dict[str, str] | None = Field(
        default=None,
        description="Why each server that is down is down (only when not ready)",
        examples=[{"sql": "exited while starting; it said: cannot start: no SQLite database at /data/x.sqlite"}],
    )


class Liveness(BaseModel):
    status: Literal["ok"]


@router.get("/healthz", response_model=Liveness, summary="Liveness")
async def healthz() -> Liveness:
    return Liveness(status="ok")


@router.get(
    "/readyz",
    response_model=Readiness,
    responses={503: {"model": Readiness, "description": "Not ready: a server does not answer yet"}},
    summary="Readiness: every MCP server answers",
)
async def readyz(system: SystemDep) -> JSONResponse:
    """503 until every MCP server answers, with `reasons` for those whose session is down (a server that exited
    while starting: what it said); the retrieval server answers only once its store is open."""
    checks = await system.readiness()
    ready = all(checks.values())
    body = Readiness(
        status="ready" if ready else "not ready",
        mode=system.mode,
        checks=checks,
        reasons=None if ready else system.servers_down(),
    )
    return JSONResponse(body.model_dump(exclude_none=True), status_code=200 if ready else 503)
