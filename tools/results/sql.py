"""Structured results of the SQL tools: what the SQL server returns and the SQL agent and the MCP edge read."""

import base64
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from tools.sql.results import QueryResult, Row, SchemaHit, TableInfo

if TYPE_CHECKING:  # the proposer loads the embedding stack; the MCP edge reads these models before its handshake
    from tools.sql.proposals import Proposal

_ROWS = (
    "One list of values per row, in column order. A binary value (a SQLite BLOB, a PostgreSQL bytea) is an "
    'object {"base64": "<standard base64 of its bytes>"}; every other value is plain JSON.'
)


class Binary(BaseModel):
    """A binary cell: JSON cannot hold raw bytes, so they travel base64-encoded and marked as such."""

    base64: str = Field(description="The value's bytes, standard base64 (RFC 4648) with padding")


def json_row(row: Row) -> list[Any]:
    """`row` with its binary values as `Binary`, so the result serialises to JSON whatever the columns hold."""
    return [
        Binary(base64=base64.b64encode(value).decode("ascii")) if isinstance(value, bytes | bytearray) else value
        for value in row
    ]


class QueryOut(BaseModel):
    sql: str
    parameters: dict[str, Any] = Field(default_factory=dict)
    columns: list[str]
    rows: list[list[Binary | Any]] = Field(description=_ROWS)
    truncated: bool = Field(description="True when the row cap or a byte cap (per value, per result) cut the result")
    note: str | None = Field(default=None, description="When truncated: what was cut, and how to ask for less")
    row_limit: int
    elapsed_ms: float

    @classmethod
    def from_result(cls, result: QueryResult, *, parameters: dict[str, Any] | None = None) -> "QueryOut":
        return cls(
            sql=result.sql.strip(),
            parameters=parameters or {},
            columns=result.columns,
            rows=[json_row(row) for row in result.rows],
            truncated=result.truncated,
            note=result.note,
            row_limit=result.row_limit,
            elapsed_ms=round(result.elapsed_ms, 3),
        )


class ColumnOut(BaseModel):
    name: str
    type: str
    nullable: bool
    primary_key: bool


class TableOut(BaseModel):
    name: str
    columns: list[ColumnOut]
    foreign_keys: list[str]
    row_count: int
    sample_rows: list[list[Binary | Any]] = Field(description=_ROWS)
    truncated: bool = Field(default=False, description="True when a byte cap cut the sample rows")
    note: str | None = Field(default=None, description="When truncated: what was cut")

    @classmethod
    def from_info(cls, info: TableInfo) -> "TableOut":
        return cls(
            name=info.name,
            columns=[
                ColumnOut(name=c.name, type=c.type, nullable=c.nullable, primary_key=c.primary_key)
                for c in info.columns
            ],
            foreign_keys=info.foreign_keys,
            row_count=info.row_count,
            sample_rows=[json_row(row) for row in info.sample_rows],
            truncated=info.note is not None,
            note=info.note,
        )


class TablesOut(BaseModel):
    tables: list[str]


class SchemaHitOut(BaseModel):
    table: str
    column: str | None = Field(description="None when the hit is the table itself")
    type: str
    description: str
    score: float = Field(description="Cosine similarity to the query")

    @classmethod
    def from_hit(cls, hit: SchemaHit) -> "SchemaHitOut":
        return cls(table=hit.table, column=hit.column, type=hit.type, description=hit.description, score=hit.score)


class SchemaSearchOut(BaseModel):
    query: str
    hits: list[SchemaHitOut]


class CandidateOut(BaseModel):
    sql: str = Field(description="The SELECT, rendered for this database's dialect; not yet run")
    description: str = Field(description="What the SELECT computes, in words")
    complete: bool = Field(description="True when it accounts for every content word, value and number")
    uncovered: list[str] = Field(description="Question words it does not account for")


class ProposalOut(BaseModel):
    question: str
    decision: str = Field(description="`answer`: run candidates[0]; `decline`: candidates are suggestions only")
    reason: str
    candidates: list[CandidateOut]
    tables: list[str] = Field(description="The tables closest to the question")

    @classmethod
    def from_proposal(cls, question: str, proposal: "Proposal") -> "ProposalOut":
        return cls(
            question=question,
            decision=proposal.decision,
            reason=proposal.reason,
            candidates=[
                CandidateOut(
                    sql=item.sql,
                    description=item.candidate.description,
                    complete=item.complete,
                    uncovered=list(item.uncovered),
                )
                for item in proposal.candidates
            ],
            tables=proposal.tables,
        )
