"""Reading a JSONL data file the caller named: each line validated as a declared row form, each problem one line.

A row form is a strict pydantic model (a `StrictRow`) whose fields say in their `description` what they must be.
A `ValidationError` is turned into `InvalidData` here and nowhere else, so every command that reads such a file
(`relayboard ingest` of a BEIR corpus, the evaluations) words a bad row the same:
`<file>:<line>: <field> must be <description>, got <value>; see <docs>`.
"""

import json
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, StringConstraints, ValidationError
from pydantic_core import ErrorDetails

from tools.errors import InvalidData

SHOWN_CHARS = 60  # of a bad value quoted in a message: enough to recognise it, short enough for one line


def _integer_as_text(value: Any) -> Any:
    """An id written as a JSON integer is the same id as its digits (BEIR sets use both)."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Identifier = Annotated[str, BeforeValidator(_integer_as_text), StringConstraints(min_length=1)]
Text = Annotated[str, StringConstraints(pattern=r"\S")]  # not empty, not only blanks


class StrictRow(BaseModel):
    """A row form: a number where a string belongs, or null where a text belongs, is refused, not converted;
    fields the form does not declare are ignored, so data sets may carry their own."""

    model_config = ConfigDict(strict=True, extra="ignore", frozen=True, populate_by_name=True)


Row = TypeVar("Row", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Numbered(Generic[Row]):
    """A validated row and the line of its file it came from (1-based), for messages about it later."""

    line: int
    row: Row


def data_error(path: Path | str, line: int | None, field: str, must: str, got: str, *, docs: str) -> InvalidData:
    """The one-line error for `field` of `path` (at `line`, when the problem has one), pointing at `docs`."""
    where = f"{path}:{line}" if line is not None else str(path)
    return InvalidData(f"{where}: {field} must be {must}, got {got}; see {docs}")


def shown(value: Any) -> str:
    """`value` as it was written in JSON, cut to `SHOWN_CHARS`."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def lines(path: Path, what: str, *, docs: str) -> Iterator[tuple[int, str]]:
    """The non-blank lines of `path` with their numbers, each decoded as UTF-8 on its own (so a bad byte is
    reported at its line, not where a decoder's buffer happened to end).

    Raises:
        InvalidData: `path` is not a file (or a named pipe), or a line is not UTF-8.
    """
    if not path.is_file() and not path.is_fifo():  # a named pipe streams a file's lines
        got = "no such file" if not path.exists() else "a folder"
        raise data_error(path, None, "the path", what, got, docs=docs)
    with path.open("rb") as handle:
        yield from decoded_lines(handle, path, docs=docs)


def decoded_lines(raw_lines: Iterable[bytes], path: Path, *, docs: str) -> Iterator[tuple[int, str]]:
    """The non-blank lines of `raw_lines` (read from `path`, named in messages) with their numbers, as `lines`.

    Raises:
        InvalidData: a line is not UTF-8.
    """
    for number, raw in enumerate(raw_lines, start=1):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            got = f"the byte {raw[exc.start : exc.start + 1]!r} at column {exc.start + 1}"
            raise data_error(path, number, "the line", "UTF-8 text", got, docs=docs) from exc
        if text.strip():
            yield number, text


def iter_rows(
    path: Path, form: type[Row], what: str, *, docs: str, raw_lines: Iterable[bytes] | None = None
) -> Iterator[Numbered[Row]]:
    """Each line of the JSONL file `path` as a `form`, one at a time (a large file is never held whole); `what`
    names the file's form for a missing file. With `raw_lines`, those are the file's lines (a copy of it, or a
    stream of it being copied), and `path` only names it in messages.

    Raises:
        InvalidData: no such file, a line that is not UTF-8, not JSON or not a JSON object, or a field that does
            not fit `form`; raised when that line is reached, so validate the whole file before acting on any row.
    """
    numbered = lines(path, what, docs=docs) if raw_lines is None else decoded_lines(raw_lines, path, docs=docs)
    for number, text in numbered:
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            got = f"invalid JSON ({exc.msg})"
            raise data_error(path, number, "the line", "a JSON object", got, docs=docs) from exc
        if not isinstance(value, dict):
            raise data_error(path, number, "the line", "a JSON object", shown(value), docs=docs)
        try:
            yield Numbered(number, form.model_validate(value))
        except ValidationError as exc:
            raise _explained(exc, form, path, number, docs) from None  # the one line says it all; no chained trace


def read_rows(path: Path, form: type[Row], what: str, *, docs: str) -> list[Numbered[Row]]:
    """Every line of the JSONL file `path` as a `form` (see `iter_rows`).

    Raises:
        InvalidData: as `iter_rows`, or no rows at all.
    """
    rows = list(iter_rows(path, form, what, docs=docs))
    if not rows:
        raise data_error(path, None, "the file", "non-empty (at least one row)", "an empty file", docs=docs)
    return rows


def require_unique(
    path: Path, rows: list[Numbered[Row]], field: str, key: Callable[[Row], Hashable | None], *, docs: str
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
            raise data_error(path, numbered.line, field, "unique in the file", got, docs=docs)
        first[value] = numbered.line
    return rows


def _explained(exc: ValidationError, form: type[BaseModel], path: Path, line: int, docs: str) -> InvalidData:
    """The first of `exc`'s errors as one line: the field, its declared description, the value found."""
    error = exc.errors(include_url=False)[0]
    if not error["loc"]:  # a rule across fields (a model validator) words its whole message itself
        return InvalidData(f"{path}:{line}: {_rule_message(error)}; see {docs}")
    field = str(error["loc"][0])
    described = {info.alias or name: info.description for name, info in form.model_fields.items()}
    must = described.get(field) or error["msg"].lower()
    if error["type"] == "missing":
        return data_error(path, line, field, must, "a row without it", docs=docs)
    if error["type"] == "value_error" and len(error["loc"]) == 1:  # a field validator's own wording
        return InvalidData(f"{path}:{line}: {_rule_message(error)}; see {docs}")
    at = "".join(f"[{part}]" if isinstance(part, int) else "" for part in error["loc"][1:])
    return data_error(path, line, field, must, shown(error["input"]) + (f" at {field}{at}" if at else ""), docs=docs)


def _rule_message(error: ErrorDetails) -> str:
    cause = (error.get("ctx") or {}).get("error")
    return str(cause) if cause is not None else error["msg"]
