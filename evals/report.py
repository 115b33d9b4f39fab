"""An evaluation's output: a Markdown table for people and a JSON-able result for tools."""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class EvalReport:
    markdown: str
    result: dict[str, Any]


def markdown_table(header: list[str], rows: list[list[Any]]) -> str:
    def cell(value: Any) -> str:
        return f"{value:.3f}" if isinstance(value, float) else str(value)

    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
