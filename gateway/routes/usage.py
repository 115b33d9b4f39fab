"""`GET /v1/usage`: requests, errors, tokens and latency per key, route and day, from the request log."""

import re
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, BeforeValidator

from gateway.deps import PrincipalDep
from gateway.problem_docs import EVERY_V1_ROUTE, problems
from tools.errors import Forbidden

router = APIRouter(prefix="/v1", tags=["usage"], responses=problems(*EVERY_V1_ROUTE, 403))


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _calendar_day(day: object) -> object:
    """`day` as a date if it is a YYYY-MM-DD day of the calendar (2026-13-45 is not); non-strings go on to pydantic."""
    if not isinstance(day, str):
        return day
    problem = f"{day!r} is not a day of the calendar: send a date as YYYY-MM-DD, e.g. 2026-01-31"
    if not _DAY.fullmatch(day):  # fromisoformat also takes 20260131, which the schema does not promise
        raise ValueError(problem)
    try:
        return date.fromisoformat(day)
    except ValueError as exc:
        raise ValueError(problem) from exc


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
        Annotated[date, BeforeValidator(_calendar_day)] | None,
        Query(description="First day (UTC), YYYY-MM-DD: a day of the calendar"),
    ] = None,
    key: Annotated[str | None, Query(max_length=64, description="Only this key holder's requests")] = None,
) -> UsageReport:
    """Sums of the request log: every key's for a holder of the `admin` grant, else the caller's own.

    Raises:
        Forbidden: a caller without the `admin` grant asked for another key holder's rows.
    """
    if not principal.grants.admin:
        if key is not None and key != principal.name:
            raise Forbidden(f"the key of {principal.name} may read only its own usage; `key={key}` needs `admin`")
        key = principal.name
    recorder = request.app.state.usage
    await recorder.flushed()  # the records still queued count too
    rows = await recorder.store.report(principal=key, since=since.isoformat() if since else None)
    return UsageReport(rows=[UsageRow.model_validate(row) for row in rows])
