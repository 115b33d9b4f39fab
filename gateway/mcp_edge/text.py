"""The text block of each edge result: what an IDE's model reads, compact (the structured result has it all).

Indented JSON of 200 rows is ~29 KB of mostly punctuation; a table of the same rows is a third of that and
reads as a table. Hits read as numbered passages naming their document and offsets, so a model can cite them.
"""

import json
from collections.abc import Sequence
from typing import Any

MAX_CELL_CHARS = 80
MAX_PASSAGE_CHARS = 600


def _cell(value: Any) -> str:
    if isinstance(value, dict) and set(value) == {"base64"}:
        encoded = str(value["base64"])
        padding = len(encoded) - len(encoded.rstrip("="))  # each `=` stands for a byte the last group lacks
        return f"<{len(encoded) * 3 // 4 - padding} bytes>"
    text = "" if value is None else value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = text.replace("\n", " ").replace("|", "\\|")
    return text if len(text) <= MAX_CELL_CHARS else text[: MAX_CELL_CHARS - 1] + "…"


def table(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """`rows` as a Markdown table (long cells cut, binary values as their size); "(no rows)" for none."""
    if not rows:
        return "(no rows)"
    lines = ["| " + " | ".join(_cell(c) for c in columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)


def clip(text: str, limit: int = MAX_PASSAGE_CHARS) -> str:
    """`text` on one line, cut at `limit` characters with a mark saying so."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else f"{flat[:limit]}… [{len(flat) - limit} more characters]"


def passages(hits: Sequence[dict[str, Any]]) -> str:
    """Hits as numbered passages: `[n] doc_id "title" § section, characters start-end (score)` and the text."""
    blocks = []
    for number, hit in enumerate(hits, start=1):
        title = f' "{hit["title"]}"' if hit.get("title") else ""
        section = f" § {hit['section']}" if hit.get("section") else ""
        where = f"characters {hit['start']}-{hit['end']}"
        blocks.append(
            f"[{number}] {hit['doc_id']}{title}{section}, {where} (score {hit['score']:.2f})\n{clip(hit['text'])}"
        )
    return "\n\n".join(blocks)
