"""Reading an evaluation's data files: each JSONL line validated as a declared row form, each problem one line.

A row form is a pydantic model (`evals.rows`) whose fields say in their `description` what they must be. A
`ValidationError` is turned into `InvalidData` here and nowhere else, so every command words a bad row the same:
`<file>:<line>: <field> must be <description>, got <value>; see docs/evaluation.md`.
"""

import json
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from tools.errors import InvalidData

DOCS = "docs/evaluation.md"
SHOWN_CHARS = 60  # of a bad value quoted in a message: enough to recognise it, short enough for one line

Row = TypeVar("Row", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Numbered(Generic[Row]):
    """A validated row and the line of its file it came from (1-based), for messages about it later."""

    line: int
    row: Row


def data_error(path: Path | str, line: int | None, field: str, must: str, got: str) -> InvalidData:
    """The one-line error for `field` of `path` (at `line`, when the problem has one)."""
    where = f"{path}:{line}" if line is not None else str(path)
    return InvalidData(f"{where}: {field} must be {must}, got {got}; see {DOCS}")


def shown(value: Any) -> str:
    """`value` as it was written in JSON, cut to `SHOWN_CHARS`."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def lines(path: Path, what: str) -> Iterator[tuple[int, str]]:
    """The non-blank lines of `path` with their numbers, each decoded as UTF-8 on its own (so a bad byte is
    reported at its line, not where a decoder's buffer happened to end).

    Raises:
        InvalidData: `path` is not a file, or a line is not UTF-8.
    """
    if not path.is_file():
        raise data_error(path, None, "the path", what, "no such file" if not path.exists() else "a folder")
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                got = f"the byte {raw[exc.start : exc.start + 1]!r} at column {exc.start + 1}"
                raise data_error(path, number, "the line", "UTF-8 text", got) from exc
            if text.strip():
                yield number, text


def read_rows(path: Path, form: type[Row], what: str) -> list[Numbered[Row]]:
    """Every line of the JSONL file `path` as a `form`; `what` names the file's form for a missing file.

    Raises:
        InvalidData: no such file, a line that is not UTF-8, not JSON or not a JSON object, a field that does
            not fit `form`, or no rows at all.
    """
    rows = []
    for number, text in lines(path, what):
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise data_error(path, number, "the line", "a JSON object", f"invalid JSON ({exc.msg})") from exc
        if not isinstance(value, dict):
            raise data_error(path, number, "the line", "a JSON object", shown(value))
        try:
            rows.append(Numbered(number, form.model_validate(value)))
        except ValidationError as exc:
            raise _explained(exc, form, path, number) from None  # the one line says it all; no chained trace
    if not rows:
        raise data_error(path, None, "the file", "non-empty (at least one row)", "an empty file")
    return rows


def require_unique(
    path: Path, rows: list[Numbered[Row]], field: str, key: Callable[[Row], Hashable | None]
) -> list[Numbered[Row]]:
    """`rows`, refusing two with the same `key` (rows whose key is None are not compared).

    Raises:
        InvalidData: a repeated key, named at its second line with the line of its first.
    """
    first: dict[Hashable, int] = {}
    for numbered in rows:
        value = key(numbered.row)
        if value is None:
            continue
        if value in first:
            got = f"{shown(value)} again (first on line {first[value]})"
            raise data_error(path, numbered.line, field, "unique in the file", got)
        first[value] = numbered.line
    return rows


def _explained(exc: ValidationError, form: type[BaseModel], path: Path, line: int) -> InvalidData:
    """The first of `exc`'s errors as one line: the field, its declared description, the value found."""
    error = exc.errors(include_url=False)[0]
    if not error["loc"]:  # a rule across fields (a model validator) words its whole message itself
        return InvalidData(f"{path}:{line}: {_rule_message(error)}; see {DOCS}")
    field = str(error["loc"][0])
    described = {info.alias or name: info.description for name, info in form.model_fields.items()}
    must = described.get(field) or error["msg"].lower()
    if error["type"] == "missing":
        return data_error(path, line, field, must, "a row without it")
    if error["type"] == "value_error" and len(error["loc"]) == 1:  # a field validator's own wording
        return InvalidData(f"{path}:{line}: {_rule_message(error)}; see {DOCS}")
    at = "".join(f"[{part}]" if isinstance(part, int) else "" for part in error["loc"][1:])
    return data_error(path, line, field, must, shown(error["input"]) + (f" at {field}{at}" if at else ""))


def _rule_message(error: ErrorDetails) -> str:
    cause = (error.get("ctx") or {}).get("error")
    return str(cause) if cause is not None else error["msg"]
