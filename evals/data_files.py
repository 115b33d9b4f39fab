"""Reading an evaluation's data files: the shared JSONL row reader (`tools.jsonl_rows`), pointing at
docs/evaluation.md, so every command words a bad row the same:
`<file>:<line>: <field> must be <description>, got <value>; see docs/evaluation.md`.
"""

from collections.abc import Callable, Hashable, Iterator
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from tools import jsonl_rows
from tools.errors import InvalidData
from tools.jsonl_rows import Numbered, shown

DOCS = "docs/evaluation.md"
Row = TypeVar("Row", bound=BaseModel)

__all__ = ["DOCS", "Numbered", "data_error", "lines", "read_rows", "require_unique", "shown"]


def data_error(path: Path | str, line: int | None, field: str, must: str, got: str) -> InvalidData:
    """The one-line error for `field` of `path` (at `line`, when the problem has one)."""
    return jsonl_rows.data_error(path, line, field, must, got, docs=DOCS)


def lines(path: Path, what: str) -> Iterator[tuple[int, str]]:
    """The non-blank lines of `path` with their numbers (see `tools.jsonl_rows.lines`).

    Raises:
        InvalidData: `path` is not a file, or a line is not UTF-8.
    """
    return jsonl_rows.lines(path, what, docs=DOCS)


def read_rows(path: Path, form: type[Row], what: str) -> list[Numbered[Row]]:
    """Every line of the JSONL file `path` as a `form`; `what` names the file's form for a missing file.

    Raises:
        InvalidData: no such file, a line that is not UTF-8, not JSON or not a JSON object, a field that does
            not fit `form`, or no rows at all.
    """
    return jsonl_rows.read_rows(path, form, what, docs=DOCS)


def require_unique(
    path: Path, rows: list[Numbered[Row]], field: str, key: Callable[[Row], Hashable | None]
) -> list[Numbered[Row]]:
    """`rows`, refusing two with the same `key` (rows whose key is None are not compared).

    Raises:
        InvalidData: a repeated key, named at its second line with the line of its first.
    """
    return jsonl_rows.require_unique(path, rows, field, key, docs=DOCS)
