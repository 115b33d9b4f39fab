"""`GET /healthz` (the process is up) and `GET /readyz` (the MCP servers answer, the store is open, and the shared
rate-limit counters, when configured, can be reached)."""

import asyncio
from typing import Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from gateway.deps import LimitsDep, SystemDep

router = APIRouter(tags=["health"])
# The check named for RELAYBOARD_REDIS_URL: without it no request can be counted, so none is served.
LIMITS_STORE_CHECK = "redis"


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
    responses={503: {"model": Readiness, "description": "Not ready: a server (or Redis) does not answer yet"}},
    summary="Readiness: every MCP server (and Redis, when configured) answers",
)
async def readyz(system: SystemDep, limits: LimitsDep) -> JSONResponse:
    """503 until every MCP server answers, with `reasons` for those whose session is down (a server that exited
    while starting: what it said); the retrieval server answers only once its store is open. With
    RELAYBOARD_REDIS_URL, also 503 while Redis does not answer (check `redis`), since every request needs it."""
    checks, store_down = await asyncio.gather(system.readiness(), limits.budgets.unreachable())
    reasons = {}
    if limits.budgets.shared:
        checks[LIMITS_STORE_CHECK] = store_down is None
        if store_down is not None:
            reasons[LIMITS_STORE_CHECK] = store_down
    ready = all(checks.values())
    body = Readiness(
        status="ready" if ready else "not ready",
        mode=system.mode,
        checks=checks,
        reasons=None if ready else {**system.servers_down(), **reasons},
    )
    return JSONResponse(body.model_dump(exclude_none=True), status_code=200 if ready else 503)
