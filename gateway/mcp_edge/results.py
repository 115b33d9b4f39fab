"""The edge's typed results: each tool's output model (its `outputSchema`) and the compact text a model reads."""

from typing import Any

from mcp.types import CallToolResult, TextContent
from pydantic import BaseModel, Field

from gateway.mcp_edge.text import clip, passages, table
from graph.answer import Answer
from tools.results.retrieval import CollectionsOut, Document, SearchHit
from tools.results.sql import QueryOut, SchemaSearchOut, TableOut, TablesOut
from tools.results.summarise import SummaryOut

__all__ = [
    "Answer",
    "CollectionsOut",
    "Document",
    "QueryOut",
    "SchemaSearchOut",
    "SearchOut",
    "SummaryOut",
    "TableOut",
    "TablesOut",
]


class SearchOut(BaseModel):
    """Hits for a query, best first, and whether any of them clearly matches it."""

    query: str
    collection: str
    hits: list[SearchHit]
    relevant: bool = Field(description="False when no hit has a sentence that clearly matches the query")


def typed(model: BaseModel, text: str) -> CallToolResult:
    """A result whose structured content is `model` and whose text block is `text`."""
    return CallToolResult(
        content=[TextContent(type="text", text=text)], structured_content=model.model_dump(mode="json")
    )


def answer_result(answer: Answer) -> CallToolResult:
    lines = [answer.answer or "(no answer)"]
    lines += [
        f"[{n}] {c['doc_id']}, characters {c['start']}-{c['end']}: {clip(c['text'], 200)}"
        for n, c in enumerate(answer.citations, start=1)
    ]
    for evidence in answer.sql:
        if evidence["sql"] not in answer.answer:  # the SQL agent's answer shows the SQL it wrote itself
            lines.append(f"SQL: {evidence['sql']}")
        lines.append(table(evidence["columns"], evidence["rows"][:20]))
    lines.append(f"(routes: {', '.join(answer.routes) or 'none'}; thread_id {answer.thread_id})")
    return typed(answer, "\n".join(lines))


def search_result(search: dict[str, Any], min_support: float) -> CallToolResult:
    hits = search["hits"]
    relevant = any(h["score"] >= min_support for hit in hits for h in hit["highlights"])
    out = SearchOut(query=search["query"], collection=search["collection"], hits=hits, relevant=relevant)
    if not hits:
        text = f"No passages in `{out.collection}` match {out.query!r}."
    elif not relevant:
        text = (
            f"Nothing in `{out.collection}` clearly matches {out.query!r}; the closest passages follow, "
            f"probably unrelated.\n\n{passages(hits)}"
        )
    else:
        text = passages(hits)
    return typed(out, text)


def document_result(document: dict[str, Any]) -> CallToolResult:
    out = Document(**document)
    opening = out.text.lstrip().partition("\n")[0]
    if not out.title or out.title == out.doc_id:
        heading = f"# {out.doc_id}"
    elif opening.startswith("#") and opening.lstrip("#").strip() == out.title.strip():
        heading = f"({out.doc_id})"  # the text opens with the title as its heading
    else:
        heading = f"# {out.title} ({out.doc_id})"
    return CallToolResult(
        content=[TextContent(type="text", text=f"{heading}\n\n{out.text}")], structured_content=document
    )


def collections_result(collections: dict[str, Any]) -> CallToolResult:
    out = CollectionsOut.model_validate(collections)
    lines = [f"- {c.name}: {c.points} points, {c.chunking.strategy} chunking" for c in out.collections]
    return typed(out, "\n".join(lines) or "(no collections)")


def query_result(result: dict[str, Any]) -> CallToolResult:
    out = QueryOut.model_validate(result)
    cut = f"\n(cut at the row cap of {out.row_limit} rows: narrow the query)" if out.truncated else ""
    rows = f"{len(out.rows)} row{'s' * (len(out.rows) != 1)}"
    return typed(out, f"{table(out.columns, result['rows'])}\n({rows}, {out.elapsed_ms:g} ms){cut}")


def tables_result(result: dict[str, Any]) -> CallToolResult:
    out = TablesOut.model_validate(result)
    return typed(out, ", ".join(out.tables) or "(no tables readable)")


def table_result(result: dict[str, Any]) -> CallToolResult:
    out = TableOut.model_validate(result)
    columns = [
        f"- {c.name} {c.type}{' primary key' if c.primary_key else ''}{'' if c.nullable else ' not null'}"
        for c in out.columns
    ]
    keys = [f"- foreign key {key}" for key in out.foreign_keys]
    sample = table([c.name for c in out.columns], result["sample_rows"])
    return typed(out, "\n".join([f"{out.name} ({out.row_count} rows)", *columns, *keys, "Sample rows:", sample]))


def schema_result(result: dict[str, Any]) -> CallToolResult:
    out = SchemaSearchOut.model_validate(result)
    lines = [
        f"{n}. {hit.table}{'.' + hit.column if hit.column else ''} ({hit.type}, score {hit.score:.2f}): "
        f"{hit.description}"
        for n, hit in enumerate(out.hits, start=1)
    ]
    return typed(out, "\n".join(lines) or f"No table or column matches {out.query!r}.")


def summary_result(result: dict[str, Any]) -> CallToolResult:
    out = SummaryOut.model_validate(result)
    notes = "".join(f"\nNote: {note}" for note in out.notes)
    return typed(out, f"{out.summary}\n({len(out.sentences)} of {out.source_sentences} sentences){notes}")
