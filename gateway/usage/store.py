"""The request log: one row per request, on SQLite or PostgreSQL through SQLAlchemy Core, and its report."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Float, Integer, MetaData, String, Table, case, func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

metadata = MetaData()
request_log = Table(
    "request_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("trace_id", String(32), index=True),
    Column("principal", String(64), nullable=False, index=True),
    Column("method", String(10), nullable=False),
    Column("route", String(300), nullable=False),
    Column("status", Integer, nullable=False),
    Column("latency_ms", Float, nullable=False),
    Column("routes", JSON, nullable=False),
    Column("tools", JSON, nullable=False),
    Column("model", String(200)),
    Column("tokens_in", Integer, nullable=False),
    Column("tokens_out", Integer, nullable=False),
    Column("day", String(10), nullable=False, index=True),
    Column("at", DateTime(timezone=True), nullable=False),
)


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """What one request was and used."""

    principal: str
    method: str
    route: str
    status: int
    latency_ms: float
    trace_id: str | None = None
    routes: tuple[str, ...] = ()
    tools: tuple[dict[str, Any], ...] = ()
    model: str | None = None
    tokens_in: int = 0
    tokens_out: int = 0


class UsageStore:
    """Writes request records and sums them by key, route and day."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    @classmethod
    async def open(cls, url: str) -> "UsageStore":
        """Connect and create the table if it is missing."""
        engine = create_async_engine(url)
        async with engine.begin() as connection:
            await connection.run_sync(metadata.create_all)
        return cls(engine)

    async def close(self) -> None:
        await self._engine.dispose()

    async def add(self, record: RequestRecord) -> None:
        now = datetime.now(UTC)
        row = {
            **{name: getattr(record, name) for name in RequestRecord.__slots__},
            "routes": list(record.routes),
            "tools": list(record.tools),
            "day": now.date().isoformat(),
            "at": now,
        }
        async with self._engine.begin() as connection:
            await connection.execute(insert(request_log).values(**row))

    async def records(self, trace_id: str) -> list[dict[str, Any]]:
        """The records of one trace (a request, and any retried under the same traceparent)."""
        async with self._engine.connect() as connection:
            rows = await connection.execute(select(request_log).where(request_log.c.trace_id == trace_id))
            return [dict(row._mapping) for row in rows]

    async def report(self, *, principal: str | None = None, since: str | None = None) -> list[dict[str, Any]]:
        """Requests, errors, tokens and mean latency per key, route and day (`since`: an ISO day, inclusive)."""
        c = request_log.c
        query = select(
            c.principal,
            c.route,
            c.day,
            func.count().label("requests"),
            func.sum(case((c.status >= 400, 1), else_=0)).label("errors"),
            func.sum(c.tokens_in).label("tokens_in"),
            func.sum(c.tokens_out).label("tokens_out"),
            func.avg(c.latency_ms).label("mean_latency_ms"),
        ).group_by(c.principal, c.route, c.day)
        if principal is not None:
            query = query.where(c.principal == principal)
        if since is not None:
            query = query.where(c.day >= since)
        async with self._engine.connect() as connection:
            rows = await connection.execute(query.order_by(c.day, c.principal, c.route))
            return [{**row._mapping, "mean_latency_ms": round(float(row.mean_latency_ms), 1)} for row in rows]
