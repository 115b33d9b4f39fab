"""The request log (one row per request) and the feedback on its answers, on SQLite or PostgreSQL through
SQLAlchemy Core, and the usage report."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Connection,
    DateTime,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    case,
    func,
    insert,
    inspect,
    select,
    text,
)
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

metadata = MetaData()
request_log = Table(
    "request_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("trace_id", String(32), index=True),
    Column("span_id", String(16)),  # the request's root span: what feedback on its answer links to
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
    Column("question", Text),  # payload logging (off by default), redacted
    Column("answer", Text),
)
feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("trace_id", String(32), nullable=False, index=True),  # the request record's: the answer judged
    Column("principal", String(64), nullable=False),  # who gave it
    Column("rating", Integer, nullable=False),
    Column("comment", Text),
    Column("corrected_answer", Text),
    Column("feedback_trace_id", String(32)),  # the trace of the feedback request (its span links the answer's)
    Column("at", DateTime(timezone=True), nullable=False),
)
# Columns added after the first release: an existing table gains them on open (all nullable, no backfill).
_ADDED_COLUMNS = ("span_id", "question", "answer")


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """What one request was and used."""

    principal: str
    method: str
    route: str
    status: int
    latency_ms: float
    trace_id: str | None = None
    span_id: str | None = None
    routes: tuple[str, ...] = ()
    tools: tuple[dict[str, Any], ...] = ()
    model: str | None = None
    tokens_in: int = 0
    tokens_out: int = 0
    question: str | None = None
    answer: str | None = None


@dataclass(frozen=True, slots=True)
class AnsweredRequest:
    """What feedback on a request needs of its record: whose it was and the root span to link to."""

    principal: str
    trace_id: str
    span_id: str | None


@dataclass(frozen=True, slots=True)
class Feedback:
    """One judgement of an answer: `rating` -1 (bad) or +1 (good), with an optional comment and correction."""

    trace_id: str
    principal: str
    rating: int
    comment: str | None = None
    corrected_answer: str | None = None
    feedback_trace_id: str | None = None


def _add_missing_columns(connection: Connection) -> None:
    known = {column["name"] for column in inspect(connection).get_columns(request_log.name)}
    preparer = connection.dialect.identifier_preparer
    for name in _ADDED_COLUMNS:
        if name not in known:
            column = request_log.c[name]
            kind = column.type.compile(dialect=connection.dialect)
            connection.execute(
                text(f"ALTER TABLE {preparer.quote(request_log.name)} ADD COLUMN {preparer.quote(name)} {kind}")
            )


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
            await connection.run_sync(_add_missing_columns)
        return cls(engine)

    async def close(self) -> None:
        await self._engine.dispose()

    async def add(self, record: RequestRecord) -> None:
        await self.add_all([record])

    async def add_all(self, records: Sequence[RequestRecord]) -> None:
        """Insert `records` in one transaction."""
        now = datetime.now(UTC)
        rows = [
            {
                **{name: getattr(record, name) for name in RequestRecord.__slots__},
                "routes": list(record.routes),
                "tools": list(record.tools),
                "day": now.date().isoformat(),
                "at": now,
            }
            for record in records
        ]
        async with self._engine.begin() as connection:
            await connection.execute(insert(request_log), rows)

    async def records(self, trace_id: str) -> list[dict[str, Any]]:
        """The records of one trace (a request, and any retried under the same traceparent)."""
        async with self._engine.connect() as connection:
            rows = await connection.execute(select(request_log).where(request_log.c.trace_id == trace_id))
            return [dict(row._mapping) for row in rows]

    async def answered(self, trace_id: str, routes: frozenset[str]) -> AnsweredRequest | None:
        """The first request of trace `trace_id` to one of `routes`, or None."""
        c = request_log.c
        query = select(c.principal, c.trace_id, c.span_id).where(c.trace_id == trace_id, c.route.in_(routes))
        async with self._engine.connect() as connection:
            row = (await connection.execute(query.order_by(c.id).limit(1))).first()
        return None if row is None else AnsweredRequest(row.principal, row.trace_id, row.span_id)

    async def add_feedback(self, given: Feedback) -> int:
        """Keep `given` (every judgement is kept; the latest is the current one); its id."""
        row = {name: getattr(given, name) for name in Feedback.__slots__}
        async with self._engine.begin() as connection:
            result = await connection.execute(insert(feedback).values(**row, at=datetime.now(UTC)))
            return int(result.inserted_primary_key[0])  # type: ignore[index]  # one integer key

    async def feedback(self, trace_id: str) -> list[dict[str, Any]]:
        """The feedback given on the answer of trace `trace_id`, oldest first."""
        query = select(feedback).where(feedback.c.trace_id == trace_id).order_by(feedback.c.id)
        async with self._engine.connect() as connection:
            return [dict(row._mapping) for row in await connection.execute(query)]

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
