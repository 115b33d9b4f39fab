"""An evaluation's output: a Markdown table for people and a JSON-able result for tools."""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tools.errors import InvalidInput


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


def read_jsonl(path: Path, required: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    """Rows of a JSONL file, each checked for `required` keys.

    Raises:
        InvalidInput: a missing file, a line that is not JSON, or a row without a required key.
    """
    if not path.is_file():
        raise InvalidInput(f"{path} is not a file: pass a JSONL file with --data")
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InvalidInput(f"{path}:{number} is not valid JSON: {exc.msg}") from exc
            missing = [key for key in required if key not in row]
            if missing:
                raise InvalidInput(f"{path}:{number} lacks {', '.join(missing)}")
            yield row
