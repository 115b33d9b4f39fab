"""`GET /healthz` (the process is up) and `GET /readyz` (the MCP servers answer and the store is open)."""

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from gateway.deps import SystemDep

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="Readiness: every MCP server answers")
async def readyz(system: SystemDep) -> JSONResponse:
    """503 until every MCP server answers, with `reasons` for those whose session is down (a server that exited
    while starting: what it said); the retrieval server answers only once its store is open."""
    checks = await system.readiness()
    ready = all(checks.values())
    body: dict[str, object] = {"status": "ready" if ready else "not ready", "mode": system.mode, "checks": checks}
    if not ready:
        body["reasons"] = system.servers_down()
    return JSONResponse(body, status_code=200 if ready else 503)
