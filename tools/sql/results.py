"""What the SQL tools return: query results and table descriptions, the same for every database."""

from dataclasses import dataclass, field
from typing import Any, Literal

from tools.errors import QueryRejected

Row = list[Any]


@dataclass(frozen=True, slots=True)
class QueryResult:
    """Rows of one query; `truncated` says the row cap or a byte cap cut the result, and `note` what was cut and how
    to ask for less. Binary values are `bytes` on every backend."""

    sql: str
    columns: list[str]
    rows: list[Row]
    truncated: bool
    row_limit: int
    elapsed_ms: float
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str
    nullable: bool
    primary_key: bool


@dataclass(frozen=True, slots=True)
class TableInfo:
    """A table's columns, foreign keys (`column -> table.column`), row count and a few sample rows."""

    name: str
    columns: list[Column]
    foreign_keys: list[str]
    row_count: int
    sample_rows: list[Row] = field(default_factory=list)
    note: str | None = None  # what the byte caps cut from the samples


class UnknownIdentifier(QueryRejected):
    """The query names a table or column the database does not have; `name` is what it named."""

    def __init__(self, message: str, *, kind: Literal["table", "column"], name: str) -> None:
        super().__init__(message)
        self.kind, self.name = kind, name


@dataclass(frozen=True, slots=True)
class SchemaHit:
    """A table (`column` is None) or one of its columns, with how well it matches the query."""

    table: str
    column: str | None
    type: str
    description: str
    score: float
