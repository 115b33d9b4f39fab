"""A query result as the SQL agent shows it: a short text answer, the evidence it rests on, rows as sentences."""

from agents.contracts import SqlEvidence
from tools.results.sql import QueryOut

PREVIEW_ROWS = 10


def format_rows(result: QueryOut) -> str:
    """A short plain-text rendering of a query result."""
    columns, rows = result.columns, result.rows
    if not rows:
        return "The query returned no rows."
    if len(rows) == 1 and len(columns) == 1:
        return f"{columns[0]}: {_cell(rows[0][0])}"
    lines = [", ".join(f"{c}={_cell(v)}" for c, v in zip(columns, row, strict=False)) for row in rows[:PREVIEW_ROWS]]
    more = f"\n(+{len(rows) - PREVIEW_ROWS} more rows)" if len(rows) > PREVIEW_ROWS else ""
    capped = f"\nThe row cap of {result.row_limit} was reached; the result is incomplete." if result.truncated else ""
    return f"{len(rows)} rows:\n" + "\n".join(lines) + more + capped


def evidence(tool: str, result: QueryOut) -> SqlEvidence:
    """The query and its rows as an answer carries them (JSON: a binary cell stays `{"base64": ...}`)."""
    wire = result.model_dump(mode="json")
    return SqlEvidence(
        tool=tool,
        sql=result.sql,
        parameters=wire["parameters"],
        columns=result.columns,
        rows=wire["rows"],
        truncated=result.truncated,
        row_limit=result.row_limit,
    )


def rows_as_text(result: QueryOut) -> str:
    """Rows as sentences, for a following summarise step."""
    return "\n".join(
        "; ".join(f"{c}: {_cell(v)}" for c, v in zip(result.columns, row, strict=False)) + "." for row in result.rows
    )


def _cell(value: object) -> object:
    """A cell as the text shows it: a binary value as the JSON it travelled as, everything else as it is."""
    dump = getattr(value, "model_dump", None)
    return dump() if callable(dump) else value
