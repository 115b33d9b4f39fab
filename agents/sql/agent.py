"""SQL agent: run given SQL, answer schema questions, match curated queries; decline rather than guess."""

import re
from typing import Any

from langchain_core.language_models import BaseChatModel

from agents.arguments import fit_text, max_length
from agents.chat import run_tool_loop, structured_results
from agents.contracts import AgentTask, Route, SqlEvidence, StepResult, step
from agents.mcp_client import Toolbox
from agents.questions import Change, follow_up_change
from agents.sql.answer_shape import answers_a_count_only, answers_groups_not_a_count, shape_mismatch, unmentioned
from agents.sql.followup import changed_parameters, rewritten_sql
from agents.sql.matching import DEFAULT_MIN_SIMILARITY, CuratedMatcher, closest_tables, uncovered_terms
from agents.sql.parameters import MissingParameter, fill_parameters, unused_values
from agents.sql.prompts import SYSTEM, decline
from agents.sql.proposed import PROPOSE_TOOL, propose, shown_sql, suggestion
from agents.sql.rendering import evidence, format_rows, rows_as_text
from tools.embeddings import Embedder
from tools.errors import InvalidInput, NotFound, QueryTimeout, ToolFailed
from tools.results.sql import QueryOut, SchemaSearchOut, TableOut, TablesOut
from tools.sql.statement import find_statement

_LIST_TABLES = re.compile(
    r"\b(what|which|list|show)\b.*\btables\b|\btables?\b.*\b(are there|exist|do we have)\b", re.IGNORECASE
)
# "Which tables hold invoices?", "what table stores the customers' emails": a topic to search the schema for.
_TABLES_ABOUT = re.compile(
    r"\b(?:which|what)\s+tables?\s+(?:holds?|contains?|stores?|keeps?|has|have|records?|(?:is|are)\s+about|"
    r"(?:is|are)\s+for|(?:do|does)\s+\w+\s+(?:find|see|look\s+for))\s+(?P<topic>[^?]+)",
    re.IGNORECASE,
)
CANDIDATES = 3  # curated queries tried, best first, before declining
# Look-ups, one query and up to two corrections after a tool error, then the answer.
MAX_GENERATIVE_ROUNDS = 5
# "each", "all", "our" after "in" begin a data question's phrase ("the field acreage in each state"), never a table
_NOT_A_TABLE = r"(?!(?:each|every|all|any|some|a|an|our|my|their|its|this|that|these|those|which|what)\b)"
_DESCRIBE = re.compile(
    r"\b(?:columns?|fields?|schema|structure)\b.*?\b(?:of|in|does|for)\s+(?:the\s+)?"
    + _NOT_A_TABLE
    + r"[`\"']?(?P<a>\w+)[`\"']?"
    r"|\bdescribe\s+(?:the\s+)?(?:table\s+)?[`\"']?(?P<b>\w+)",
    re.IGNORECASE,
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
        # SQL the caller wrote is run as written, with or without a model: the guard answers rows or a refusal.
        sql = find_statement(task.question)
        if sql is not None:
            return await self._answer_with("run_query", {"sql": sql}, task, prefix="")
        if self._model is not None:
            return await self._generative(task)
        change = follow_up_change(task.question) if task.prior_sql else None
        if change is not None and task.prior_sql is not None:
            return await self._follow_up(change, task.prior_sql, task)
        about = _TABLES_ABOUT.search(task.question)
        if about and self._toolbox.has("search_schema"):
            return await self._tables_about(about.group("topic").strip(), task)
        if _LIST_TABLES.search(task.question):
            listed = await self._toolbox.call_as("list_tables", {}, task, TablesOut)
            return step("sql", "Tables: " + ", ".join(listed.tables) + ".")
        described = _DESCRIBE.search(task.question)
        if described:
            try:
                info = await self._toolbox.call_as(
                    "describe_table", {"table": described.group("a") or described.group("b")}, task, TableOut
                )
            except NotFound:
                pass  # "fields" and "of" in a question about data ("the fields of wheat"): it is read as one
            except (InvalidInput, QueryTimeout, ToolFailed) as exc:
                return step("sql", str(exc), found=False)
            else:
                return _described(info)
        return await self._curated(task)

    async def _curated(self, task: AgentTask) -> StepResult:
        """The first of the closest curated queries that covers the question and every value it names."""
        ranked = await self._matcher.rank(task.question)
        candidates = [match for match in ranked[:CANDIDATES] if match.score >= self._min_similarity]
        if not candidates:
            return await self._decline("no curated query matches the question closely enough", task, ranked)
        tools = {tool.name: tool for tool in self._toolbox.curated()}
        reasons: list[str] = []
        for match in candidates:
            tool = tools[match.name]
            if answers_a_count_only(task.question, tool):
                reasons.append(f"{tool.name} counts, but the question asks which")
                continue
            if answers_groups_not_a_count(task.question, tool):
                reasons.append(f"{tool.name} counts per group, but the question asks for one count")
                continue
            uncovered = uncovered_terms(task.question, tool)
            if uncovered:
                reasons.append(f"{tool.name} does not cover {', '.join(repr(t) for t in uncovered)}")
                continue
            missing = unmentioned(task.question, tool)
            if missing:
                reasons.append(f"{tool.name} needs the question to name {' and '.join(repr(m) for m in missing)}")
                continue
            schema = tool.args_schema if isinstance(tool.args_schema, dict) else {}
            try:
                arguments = fill_parameters(task.question, schema)
            except MissingParameter as exc:
                reasons.append(f"{tool.name} fits, but {exc}")
                continue
            unused = unused_values(task.question, arguments)
            if unused:
                reasons.append(f"{tool.name} has no parameter for {', '.join(repr(v) for v in unused)}")
                continue
            mismatch = shape_mismatch(task.question, tool, arguments)
            if mismatch:
                reasons.append(f"{tool.name} {mismatch}")
                continue
            try:
                result = await self._toolbox.call_as(tool.name, arguments, task, QueryOut)
            except NotFound as exc:  # a value its parameter's column does not hold: read the question otherwise
                reasons.append(f"{tool.name} fits, but {exc}")
                continue
            except (InvalidInput, QueryTimeout, ToolFailed) as exc:
                return step("sql", f"The query was not run: {exc}", found=False)
            return self._rows(tool.name, result, prefix=f"From the curated query {tool.name}: ")
        return await self._decline("; ".join(reasons[:2]), task, ranked)

    async def _answer_with(self, tool: str, arguments: dict[str, Any], task: AgentTask, *, prefix: str) -> StepResult:
        try:
            result = await self._toolbox.call_as(tool, arguments, task, QueryOut)
        except (InvalidInput, NotFound, QueryTimeout, ToolFailed) as exc:
            return step("sql", f"The query was not run: {exc}", found=False)
        return self._rows(tool, result, prefix=prefix)

    @staticmethod
    def _rows(tool: str, result: QueryOut, *, prefix: str) -> StepResult:
        return step("sql", prefix + format_rows(result), sql=evidence(tool, result), context=rows_as_text(result))

    async def _tables_about(self, topic: str, task: AgentTask) -> StepResult:
        tables = await self._closest_tables(topic, task)
        return step("sql", f"The tables closest to {topic!r}: {', '.join(tables)}.", found=bool(tables))

    async def _closest_tables(self, text: str, task: AgentTask, *, top: int = 3) -> list[str]:
        """Tables by meaning (search_schema over names and descriptions), or by name when the server lacks it."""
        if self._toolbox.has("search_schema"):
            query = fit_text(self._toolbox, "search_schema", "query", text)
            found = await self._toolbox.call_as("search_schema", {"query": query, "limit": 20}, task, SchemaSearchOut)
            return list(dict.fromkeys(hit.table for hit in found.hits))[:top]
        listed = await self._toolbox.call_as("list_tables", {}, task, TablesOut)
        return await closest_tables(self._embedder, text, listed.tables, top=top)

    async def _decline(self, reason: str, task: AgentTask, ranked: list[Any]) -> StepResult:
        if self._toolbox.has(PROPOSE_TOOL):
            return await self._proposed(reason, task, ranked)
        near = await self._closest_tables(task.question, task)
        return step("sql", decline(reason, near, [m.name for m in ranked[:3]]), found=False)

    async def _follow_up(self, change: Change, prior: SqlEvidence, task: AgentTask) -> StepResult:
        """The thread's previous query again with the one value the follow-up changes."""
        if prior["tool"] != "run_query":
            arguments = changed_parameters(prior["parameters"], change)
            if arguments is None:
                return step("sql", f"{prior['tool']} has no single parameter {change.value!r} replaces.", found=False)
            return await self._answer_with(
                prior["tool"], arguments, task, prefix=f"From the curated query {prior['tool']}: "
            )
        sql = await rewritten_sql(self._toolbox, prior["sql"], change, task)
        if sql is None:
            no_value = f"The previous query has no single value that {change.value!r} replaces"
            return step("sql", f"{no_value}:\n{shown_sql(prior['sql'])}", found=False)
        try:
            result = await self._toolbox.call_as("run_query", {"sql": sql}, task, QueryOut)
        except (InvalidInput, NotFound, QueryTimeout) as exc:
            return step("sql", f"The query was not run: {exc}\n{shown_sql(sql)}", found=False)
        answer = f"{format_rows(result)}\n\nThe previous query with {change.value}.\n{shown_sql(sql)}"
        return step("sql", answer, sql=evidence("run_query", result), context=rows_as_text(result))

    async def _proposed(self, curated_reason: str, task: AgentTask, ranked: list[Any]) -> StepResult:
        """No curated query fits: run the server's schema-grounded reading when it is sure, else suggest it."""
        limit = max_length(self._toolbox, PROPOSE_TOOL, "question")
        if limit is not None and len(task.question) > limit:
            # A cut question could be read as a different one: every word must count, so none is dropped.
            reason = f"{curated_reason}; the question is too long to read as one query ({limit} characters at most)"
            tables = await self._closest_tables(task.question, task)
            return step("sql", decline(reason, tables, [m.name for m in ranked[:3]]), found=False)
        proposal = await propose(self._toolbox, task.question, task)
        if proposal.decision == "answer":
            chosen = proposal.candidates[0]
            try:
                result = await self._toolbox.call_as("run_query", {"sql": chosen.sql}, task, QueryOut)
            except (InvalidInput, NotFound, QueryTimeout) as exc:
                return step("sql", f"The query was not run: {exc}\n{shown_sql(chosen.sql)}", found=False)
            answer = f"{format_rows(result)}\n\nRead as: {chosen.description}.\n{shown_sql(chosen.sql)}"
            return step("sql", answer, sql=evidence("run_query", result), context=rows_as_text(result))
        reason = f"{curated_reason}; from the schema: {proposal.reason}" if ranked else proposal.reason
        tables = proposal.tables or await self._closest_tables(task.question, task)
        text = decline(reason, tables, [m.name for m in ranked[:3]])
        hint = suggestion(proposal)
        return step("sql", f"{text}\n\n{hint}" if hint else text, found=False)

    async def _generative(self, task: AgentTask) -> StepResult:
        """Schema retrieval, then the model's tool loop; the answer shows the SQL it ran and the rows."""
        assert self._model is not None
        schema = await self._relevant_schema(task)
        system = f"{SYSTEM}\n\nThe tables most relevant to the question:\n{schema}" if schema else SYSTEM
        answer, messages = await run_tool_loop(
            self._model,
            self._toolbox,
            system=system,
            question=task.question,
            caller=task,
            max_rounds=MAX_GENERATIVE_ROUNDS,
        )
        # The last query the model ran (run_query or a curated query: both return rows) is what the answer shows.
        queries = {"run_query", *(tool.name for tool in self._toolbox.curated())}
        ran = [message.name for message in messages if message.status == "success" and message.name in queries]
        if ran:
            last = structured_results(messages, ran[-1], QueryOut)[-1]
            shown = f"{answer}\n\n{shown_sql(last.sql)}\n{format_rows(last)}"
            return step("sql", shown, sql=evidence(ran[-1], last), context=rows_as_text(last))
        return step("sql", answer)

    async def _relevant_schema(self, task: AgentTask) -> str:
        """Only the tables the question is about, described: columns, keys and a sample row each."""
        if not self._toolbox.has("search_schema"):
            return ""
        lines = []
        for table in await self._closest_tables(task.question, task):
            try:
                info = await self._toolbox.call_as("describe_table", {"table": table}, task, TableOut)
            except (InvalidInput, NotFound, QueryTimeout, ToolFailed):
                continue
            columns = ", ".join(f"{c.name} {c.type}{' PRIMARY KEY' if c.primary_key else ''}" for c in info.columns)
            keys = f"; foreign keys: {', '.join(info.foreign_keys)}" if info.foreign_keys else ""
            sample = f"; e.g. {info.model_dump(mode='json')['sample_rows'][0]}" if info.sample_rows else ""
            lines.append(f"- {info.name}({columns}){keys}{sample}"[:1500])
        return "\n".join(lines)


def _described(info: TableOut) -> StepResult:
    columns = ", ".join(f"{c.name} ({c.type})" for c in info.columns)
    keys = f" Foreign keys: {', '.join(info.foreign_keys)}." if info.foreign_keys else ""
    return step("sql", f"{info.name} has {info.row_count} rows and columns {columns}.{keys}")
