"""Byte caps on query results: each cell and the whole result, applied while rows are fetched.

A SELECT of one huge value (`randomblob(30000000)`) used to be fetched, base64-encoded and sent whole, holding the
SQL server for half a minute; the row cap does not help with one row. Rows are measured as they arrive: a cell
over the cell cap keeps its first bytes, and fetching stops once the result cap is reached, so no more than the
caps is ever encoded.

A structured value (PostgreSQL's json, jsonb and arrays arrive as dicts and lists) is measured as its JSON text,
and one over the cell cap becomes the first bytes of that text: otherwise it would pass both caps as a scalar.
"""

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from tools.sql.results import Row

# What a non-text, non-binary value is counted as (a number, a boolean, NULL): small, but never free.
_SCALAR_BYTES = 8


@dataclass(frozen=True, slots=True)
class ResultCaps:
    """The most bytes one cell, and one whole result, may hold (text as UTF-8, binary as raw bytes)."""

    cell_bytes: int = 64 * 1024
    result_bytes: int = 2 * 1024 * 1024


@dataclass(slots=True)
class CappedRows:
    """Rows collected under a row limit and `caps`; `add` says when to stop fetching."""

    columns: list[str]
    caps: ResultCaps
    row_limit: int
    rows: list[Row] = field(default_factory=list)
    more_rows: bool = False  # a row past the row limit, or past the result cap, was left out
    _bytes: int = 0
    _result_cut: bool = False
    _cells_cut: Counter[str] = field(default_factory=Counter)

    def add(self, row: Row | tuple[Any, ...]) -> bool:
        """Keep `row` (its oversized cells cut) if it fits; False once nothing more should be fetched."""
        if len(self.rows) >= self.row_limit:
            self.more_rows = True
            return False
        kept = [self._cell(index, value) for index, value in enumerate(row)]
        size = sum(_size(value) for value in kept)
        if self.rows and self._bytes + size > self.caps.result_bytes:
            self.more_rows = self._result_cut = True
            return False
        self.rows.append(kept)
        self._bytes += size
        return True

    def _cell(self, index: int, value: Any) -> Any:
        if isinstance(value, bytes | bytearray | memoryview):
            value = bytes(value)
            if len(value) <= self.caps.cell_bytes:
                return value
            self._cells_cut[self._column(index)] += 1
            return value[: self.caps.cell_bytes]
        if isinstance(value, str) and len(value) > self.caps.cell_bytes // 4:  # only then can it be over the cap
            encoded = value.encode("utf-8", "surrogatepass")
            if len(encoded) > self.caps.cell_bytes:
                self._cells_cut[self._column(index)] += 1
                return encoded[: self.caps.cell_bytes].decode("utf-8", "ignore")
        if isinstance(value, dict | list):
            encoded = _json_bytes(value)
            if len(encoded) > self.caps.cell_bytes:
                self._cells_cut[self._column(index)] += 1
                return encoded[: self.caps.cell_bytes].decode("utf-8", "ignore")
        return value

    def _column(self, index: int) -> str:
        return self.columns[index] if index < len(self.columns) else f"#{index + 1}"

    @property
    def truncated(self) -> bool:
        return self.more_rows or bool(self._cells_cut)

    def note(self) -> str | None:
        """What was cut and how to ask for less, or None when nothing was."""
        parts = []
        if self._cells_cut:
            cut = ", ".join(f"{column} ({count} value{'s' * (count > 1)})" for column, count in self._cells_cut.items())
            parts.append(
                f"values over {self.caps.cell_bytes} bytes were cut to their first {self.caps.cell_bytes} bytes in "
                f"{cut} (RELAYBOARD_SQL_MAX_CELL_BYTES): select substr(column, 1, N) or length(column) instead"
            )
        if self._result_cut:
            parts.append(
                f"rows after the first {len(self.rows)} were left out: the result reached "
                f"{self.caps.result_bytes} bytes (RELAYBOARD_SQL_MAX_RESULT_BYTES): select fewer columns, add a "
                "WHERE or a smaller LIMIT"
            )
        elif self.more_rows:
            parts.append(f"only the first {self.row_limit} rows are returned (RELAYBOARD_SQL_ROW_LIMIT): add a LIMIT")
        return "; ".join(parts) or None


def _size(value: Any) -> int:
    if isinstance(value, bytes):
        return len(value)
    if isinstance(value, str):
        return len(value) if value.isascii() else len(value.encode("utf-8", "surrogatepass"))
    if isinstance(value, dict | list):
        return len(_json_bytes(value))  # at most the cell cap: a larger one was cut to text
    return _SCALAR_BYTES


def _json_bytes(value: dict[str, Any] | list[Any]) -> bytes:
    """A structured value as the compact JSON text it is sent as (values JSON lacks, e.g. dates, as text)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8", "surrogatepass")
