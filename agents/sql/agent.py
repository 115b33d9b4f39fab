"""SQL agent: run given SQL, answer schema questions, match curated queries; decline rather than guess."""

import re
from typing import Any

from langchain_core.language_models import BaseChatModel

from agents.chat import run_tool_loop, structured_results
from agents.contracts import AgentTask, Route, SqlEvidence, StepResult, step
from agents.sql.matching import DEFAULT_MIN_SIMILARITY, CuratedMatcher, closest_tables, uncovered_terms
from agents.sql.parameters import MissingParameter, fill_parameters
from agents.sql.prompts import SYSTEM, decline
from agents.toolbox import Toolbox
from tools.embeddings import Embedder
from tools.errors import InvalidInput, NotFound, QueryTimeout

_SQL_BLOCK = re.compile(r"```(?:sql)?\s*(?P<sql>[\s\S]+?)```|`(?P<inline>(?:select|with)\b[^`]+)`", re.IGNORECASE)
_SQL_TEXT = re.compile(r"(?P<sql>\b(?:select|with)\b[\s\S]+\bfrom\b[\s\S]+)$", re.IGNORECASE)
_LIST_TABLES = re.compile(
    r"\b(what|which|list|show)\b.*\btables\b|\btables?\b.*\b(are there|exist|do we have)\b", re.IGNORECASE
)
_DESCRIBE = re.compile(
    r"\b(?:columns?|fields?|schema|structure)\b.*?\b(?:of|in|does|for)\s+(?:the\s+)?[`\"']?(?P<a>\w+)[`\"']?"
    r"|\bdescribe\s+(?:the\s+)?(?:table\s+)?[`\"']?(?P<b>\w+)",
    re.IGNORECASE,
)
PREVIEW_ROWS = 10


def given_sql(question: str) -> str | None:
    """SQL the caller wrote into the question (in a code block, backticks, or as the question itself)."""
    block = _SQL_BLOCK.search(question)
    if block:
        return (block.group("sql") or block.group("inline")).strip()
    text = _SQL_TEXT.search(question.strip())
    if text and question.strip().lower().startswith(("select", "with")):
        return text.group("sql").strip().rstrip(";")
    return None


def format_rows(result: dict[str, Any]) -> str:
    """A short plain-text rendering of a query result."""
    columns, rows = result.get("columns", []), result.get("rows", [])
    if not rows:
        return "The query returned no rows."
    if len(rows) == 1 and len(columns) == 1:
        return f"{columns[0]}: {rows[0][0]}"
    lines = [", ".join(f"{c}={v}" for c, v in zip(columns, row, strict=False)) for row in rows[:PREVIEW_ROWS]]
    more = f"\n(+{len(rows) - PREVIEW_ROWS} more rows)" if len(rows) > PREVIEW_ROWS else ""
    capped = (
        f"\nThe row cap of {result.get('row_limit')} was reached; the result is incomplete."
        if result.get("truncated")
        else ""
    )
    return f"{len(rows)} rows:\n" + "\n".join(lines) + more + capped


def evidence(tool: str, result: dict[str, Any]) -> SqlEvidence:
    return SqlEvidence(
        tool=tool,
        sql=str(result.get("sql", "")),
        parameters=dict(result.get("parameters", {})),
        columns=list(result.get("columns", [])),
        rows=list(result.get("rows", [])),
        truncated=bool(result.get("truncated")),
        row_limit=int(result.get("row_limit", 0)),
    )


def rows_as_text(result: dict[str, Any]) -> str:
    """Rows as sentences, for a following summarise step."""
    columns = result.get("columns", [])
    return "\n".join(
        "; ".join(f"{c}: {v}" for c, v in zip(columns, row, strict=False)) + "." for row in result.get("rows", [])
    )


class SqlAgent:
    """Answers from the database through the SQL MCP server."""

    route: Route = "sql"

    def __init__(
        self,
        toolbox: Toolbox,
        embedder: Embedder,
        model: BaseChatModel | None = None,
        *,
        min_similarity: float = DEFAULT_MIN_SIMILARITY,
    ) -> None:
        self._toolbox, self._embedder, self._model = toolbox, embedder, model
        self._matcher = CuratedMatcher(embedder, toolbox.curated())
        self._min_similarity = min_similarity

    async def run(self, task: AgentTask) -> StepResult:
        if self._model is not None:
            return await self._generative(task)
        sql = given_sql(task.question)
        if sql is not None:
            return await self._answer_with("run_query", {"sql": sql}, task, prefix="")
        if _LIST_TABLES.search(task.question):
            tables = await self._toolbox.call("list_tables", {}, task.emit)
            return step("sql", "Tables: " + ", ".join(tables["tables"]) + ".")
        described = _DESCRIBE.search(task.question)
        if described:
            return await self._describe(described.group("a") or described.group("b"), task)
        return await self._curated(task)

    async def _curated(self, task: AgentTask) -> StepResult:
        ranked = await self._matcher.rank(task.question)
        if not ranked or ranked[0].score < self._min_similarity:
            return await self._decline("no curated query matches the question closely enough", task, ranked)
        best = next(tool for tool in self._toolbox.curated() if tool.name == ranked[0].name)
        uncovered = uncovered_terms(task.question, best)
        if uncovered:
            reason = f"the closest curated query, {best.name}, does not cover {', '.join(repr(t) for t in uncovered)}"
            return await self._decline(reason, task, ranked)
        schema = best.args_schema if isinstance(best.args_schema, dict) else {}
        try:
            arguments = fill_parameters(task.question, schema)
        except MissingParameter as exc:
            return await self._decline(f"{best.name} fits, but {exc}", task, ranked)
        return await self._answer_with(best.name, arguments, task, prefix=f"From the curated query {best.name}: ")

    async def _answer_with(self, tool: str, arguments: dict[str, Any], task: AgentTask, *, prefix: str) -> StepResult:
        try:
            result = await self._toolbox.call(tool, arguments, task.emit)
        except (InvalidInput, NotFound, QueryTimeout) as exc:
            return step("sql", f"The query was not run: {exc}", found=False)
        return step("sql", prefix + format_rows(result), sql=evidence(tool, result), context=rows_as_text(result))

    async def _describe(self, table: str, task: AgentTask) -> StepResult:
        try:
            info = await self._toolbox.call("describe_table", {"table": table}, task.emit)
        except (InvalidInput, NotFound, QueryTimeout) as exc:
            return step("sql", str(exc), found=False)
        columns = ", ".join(f"{c['name']} ({c['type']})" for c in info["columns"])
        keys = f" Foreign keys: {', '.join(info['foreign_keys'])}." if info["foreign_keys"] else ""
        return step("sql", f"{info['name']} has {info['row_count']} rows and columns {columns}.{keys}")

    async def _decline(self, reason: str, task: AgentTask, ranked: list[Any]) -> StepResult:
        tables = await self._toolbox.call("list_tables", {}, task.emit)
        near = await closest_tables(self._embedder, task.question, list(tables["tables"]))
        return step("sql", decline(reason, near, [m.name for m in ranked[:2]]), found=False)

    async def _generative(self, task: AgentTask) -> StepResult:
        assert self._model is not None
        answer, messages = await run_tool_loop(
            self._model, self._toolbox, system=SYSTEM, question=task.question, emit=task.emit
        )
        results = [(message.name or "", message) for message in messages if message.status == "success"]
        for name, _ in reversed(results):
            found = structured_results(messages, name)
            if found and "rows" in found[-1]:
                return step("sql", answer, sql=evidence(name, found[-1]), context=rows_as_text(found[-1]))
        return step("sql", answer)
