"""SQL evaluation: execution accuracy of the SQL agent on question/SQL/result JSONL over one database.

The agent runs as in production, against the SQL MCP server as a stdio subprocess configured with the given
database and curated queries. Extractive mode always runs; generative mode runs when a chat model is
configured (RELAYBOARD_LLM) or passed in. A wrong answer is worse than a decline, so both are counted apart.
"""

import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

import numpy as np
from fastmcp import Client
from fastmcp.client.transports import StdioTransport
from langchain_core.language_models import BaseChatModel

from agents.contracts import AgentTask
from agents.mcp_client import ConnectOptions, ServerTarget, ServerUnavailable, Toolbox, open_toolbox
from agents.sql import SqlAgent
from evals.data_files import Numbered, data_error, read_rows, require_unique, shown
from evals.execution import contains_result, same_result
from evals.report import EvalReport, markdown_table
from evals.rows import SqlRow
from evals.sql_databases import with_databases
from tools.embeddings import Embedder, load_embedder
from tools.errors import RelayboardError, UpstreamUnavailable
from tools.settings import SqlSettings, process_environment
from tools.sql.database import is_postgres_url, open_database

NOT_MEASURED = "not measured: no LLM configured (set RELAYBOARD_LLM)"
OUTCOMES = ("correct", "wrong", "declined")
SQLITE_HEADER = b"SQLite format 3\x00"  # the first 16 bytes of every SQLite 3 database file


@asynccontextmanager
async def sql_toolbox(database: str, queries: Path | None) -> AsyncIterator[Toolbox]:
    """The SQL MCP server's tools, served by a subprocess over `database` with `queries` as its curated set.

    Raises:
        UpstreamUnavailable: the server did not start (for example, the database cannot be opened).
    """
    env = {key: value for key, value in process_environment().items() if not key.startswith("RELAYBOARD_SQL_")}
    env["RELAYBOARD_SQL_DATABASE"] = database
    if queries is not None:
        env["RELAYBOARD_SQL_CURATED_QUERIES"] = str(queries)
    with tempfile.TemporaryDirectory(prefix="relayboard-eval-sql-") as logs:
        log = Path(logs) / "mcp-sql.log"  # the server's stderr, kept off the report and quoted on failure
        transport = StdioTransport(command=sys.executable, args=["-m", "mcp_servers.sql"], env=env, log_file=log)
        target = ServerTarget("relayboard-sql", "sql", Client(transport), log=log)
        async with AsyncExitStack() as stack:
            try:
                toolbox = await stack.enter_async_context(open_toolbox(target, ConnectOptions(start_timeout_s=120)))
            except ServerUnavailable as exc:
                tail = log.read_text(errors="replace")[-1500:] if log.exists() else ""
                raise UpstreamUnavailable(f"the SQL MCP server did not start over {database}: {exc}\n{tail}") from exc
            yield toolbox


async def evaluate_sql(
    data: Path,
    database: str | None,
    queries: Path | None = None,
    *,
    model: BaseChatModel | None = None,
    embedder: Embedder | None = None,
) -> EvalReport:
    """Ask the SQL agent every question of `data` (JSONL rows of `SqlRow`: question, result, optional sql,
    ordered, difficulty, db).

    A row's `db` (a SQLite file relative to `data`'s folder) names its database; `database` serves the rows
    without one. Each database gets its own SQL server. Every row and database is checked before any runs.

    Raises:
        InvalidData: the file is missing or empty, a row is not a `SqlRow` or repeats an id, a row has no
            database, or a database or queries file does not exist or is not SQLite.
        UpstreamUnavailable: the SQL server did not start.
    """
    numbered = read_rows(data, SqlRow, "a JSONL file of SQL questions (--data)")
    require_unique(data, numbered, "id", lambda row: row.id)
    by_database: dict[str, list[Numbered[SqlRow]]] = {}
    for row in numbered:
        by_database.setdefault(_database_of(row, data, database), []).append(row)
    if queries is not None:
        _check_queries(queries)
    local_embedder = embedder or await load_embedder()
    items: list[dict[str, Any]] = []
    reproduced: dict[str, bool] = {}
    started = time.perf_counter()
    for name, mine in by_database.items():
        reproduced |= await _gold_reproduced(mine, name)
        async with sql_toolbox(name, queries) as toolbox:
            agents = {"extractive": SqlAgent(toolbox, local_embedder)}
            if model is not None:
                agents["generative"] = SqlAgent(toolbox, local_embedder, model)
            for mode, agent in agents.items():
                for row in mine:
                    items.append({"mode": mode, "database": _label(name), **await _ask(agent, row.row)})
    report = _report(len(numbered), items, reproduced, model is not None)
    return with_databases(report, items, time.perf_counter() - started)


def _database_of(numbered: Numbered[SqlRow], data: Path, database: str | None) -> str:
    """The database a row is asked of: its `db` next to `data`, else `database`; checked to be one.

    Raises:
        InvalidData: neither is given, or the one given is not a SQLite file (nor a postgresql:// URL).
    """
    if numbered.row.db is not None:
        path = data.parent / numbered.row.db
        problem = _not_sqlite(path)
        if problem:
            must = f"a SQLite file's path relative to {data.parent} (here {path})"
            raise data_error(data, numbered.line, "db", must, f"{shown(numbered.row.db)}, {problem}")
        return str(path)
    if database is None:
        must = "given in the row (a SQLite file next to the data file) or with --database PATH_OR_URL"
        raise data_error(data, numbered.line, "db", must, "neither")
    problem = None if is_postgres_url(database) else _not_sqlite(Path(database))
    if problem:
        raise data_error(database, None, "--database", "a SQLite file or a postgresql:// URL", problem)
    return database


def _check_queries(queries: Path) -> None:
    """Raises InvalidData when `queries` is not a file."""
    if not queries.is_file():
        got = "no such file" if not queries.exists() else "a folder"
        raise data_error(queries, None, "--queries", "a YAML file of curated queries", got)


def _not_sqlite(path: Path) -> str | None:
    """Why `path` is not a SQLite database file, or None when it is one."""
    if not path.is_file():
        return "no such file" if not path.exists() else "a folder"
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    return None if header == SQLITE_HEADER else "a file that is not SQLite (no SQLite header)"


def _label(database: str) -> str:
    return database if is_postgres_url(database) else Path(database).stem


async def _gold_reproduced(rows: list[Numbered[SqlRow]], database: str) -> dict[str, bool]:
    """Whether each row's gold SQL gives its gold result here: a check that the data fits the database."""
    checker = open_database(SqlSettings(database=database, row_limit=100_000, timeout_s=30))
    found: dict[str, bool] = {}
    for numbered in rows:
        row, key = numbered.row, numbered.row.id or f"line {numbered.line}"
        if not row.sql:
            continue
        try:
            result = await checker.run(row.sql)
        except RelayboardError:
            found[key] = False
            continue
        found[key] = same_result(result.rows, row.result, ordered=row.ordered)
    return found


async def _ask(agent: SqlAgent, row: SqlRow) -> dict[str, Any]:
    started = time.perf_counter()
    result = await agent.run(AgentTask(row.question))
    elapsed = (time.perf_counter() - started) * 1000
    evidence = result["sql"]
    outcome, contains = "declined", False
    if evidence is not None:
        outcome = "correct" if same_result(evidence["rows"], row.result, ordered=row.ordered) else "wrong"
        contains = contains_result(evidence["rows"], row.result, ordered=row.ordered)
    return {
        "id": row.id,
        "question": row.question,
        "difficulty": row.difficulty or "",
        "outcome": outcome,
        "contains_gold": contains,
        "tool": evidence["tool"] if evidence else None,
        "parameters": evidence["parameters"] if evidence else None,
        "rows": evidence["rows"][:10] if evidence else None,
        "gold": row.result[:10],
        "answer": result["answer"][:500],
        "latency_ms": round(elapsed, 1),
    }


def _report(questions: int, items: list[dict[str, Any]], reproduced: dict[str, bool], generative: bool) -> EvalReport:
    summary: dict[str, Any] = {}
    table_rows: list[list[Any]] = []
    for mode in ("extractive", "generative"):
        mine = [item for item in items if item["mode"] == mode]
        if not mine:
            summary[mode] = NOT_MEASURED
            table_rows.append([mode, questions, NOT_MEASURED, "", "", "", "", "", ""])
            continue
        counts = Counter(item["outcome"] for item in mine)
        answered = counts["correct"] + counts["wrong"]
        latencies = [item["latency_ms"] for item in mine]
        summary[mode] = {
            "questions": len(mine),
            **{outcome: counts[outcome] for outcome in OUTCOMES},
            "execution_accuracy": counts["correct"] / len(mine),
            "precision_when_answering": counts["correct"] / answered if answered else 0.0,
            "correct_allowing_extra_columns": sum(1 for item in mine if item["contains_gold"]),
            "latency_ms_p50": float(np.percentile(latencies, 50)),
        }
        table_rows.append(
            [
                mode,
                len(mine),
                counts["correct"],
                counts["wrong"],
                counts["declined"],
                summary[mode]["execution_accuracy"],
                summary[mode]["precision_when_answering"],
                summary[mode]["correct_allowing_extra_columns"],
                round(summary[mode]["latency_ms_p50"], 1),
            ]
        )
    header = ["mode", "questions", "answered correct", "answered wrong", "declined", "execution accuracy"]
    extra = ["precision when answering", "correct allowing extra columns", "p50 ms"]
    markdown = markdown_table([*header, *extra], table_rows)
    extractive = [item for item in items if item["mode"] == "extractive"]
    difficulties = sorted({str(item["difficulty"]) for item in extractive if item["difficulty"]})
    if difficulties:
        per = [
            [level, *[sum(1 for i in extractive if i["difficulty"] == level and i["outcome"] == o) for o in OUTCOMES]]
            for level in difficulties
        ]
        markdown += "\n\nExtractive by difficulty:\n\n" + markdown_table(["difficulty", *OUTCOMES], per)
    if reproduced:
        markdown += (
            f"\n\nGold SQL reproduces the gold result on this database: {sum(reproduced.values())}/{len(reproduced)}"
        )
    wrong = [item for item in items if item["outcome"] == "wrong"]
    if wrong:
        markdown += "\n\nAnswered wrong:\n" + "\n".join(
            f"- [{i['mode']}] {i['id']}: {i['question'][:80]} -> {i['tool']} {i['parameters']}"
            + (" (gold columns contained)" if i["contains_gold"] else "")
            for i in wrong
        )
    result = {
        "summary": summary,
        "generative": "measured" if generative else NOT_MEASURED,
        "gold_reproduced": reproduced,
        "items": items,
    }
    return EvalReport(markdown, result)
