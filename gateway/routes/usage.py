"""`GET /v1/usage`: requests, errors, tokens and latency per key, route and day, from the request log."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel

from gateway.deps import PrincipalDep

router = APIRouter(prefix="/v1", tags=["usage"])


class UsageRow(BaseModel):
    """One key's use of one route on one day (UTC)."""

    principal: str
    route: str
    day: str
    requests: int
    errors: int
    tokens_in: int
    tokens_out: int
    mean_latency_ms: float


class UsageReport(BaseModel):
    rows: list[UsageRow]


@router.get("/usage", response_model=UsageReport, summary="Usage per key, route and day")
async def usage(
    request: Request,
    principal: PrincipalDep,
    since: Annotated[
        str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$", description="First day (UTC), YYYY-MM-DD")
    ] = None,
    key: Annotated[str | None, Query(max_length=64, description="Only this key holder's requests")] = None,
) -> UsageReport:
    """Sums of the request log. Until keys carry an admin grant, any caller sees every key's rows."""
    del principal  # the admin grant (issue 12, keys) will narrow this to the caller's own rows
    rows = await request.app.state.usage.store.report(principal=key, since=since)
    return UsageReport(rows=[UsageRow.model_validate(row) for row in rows])
