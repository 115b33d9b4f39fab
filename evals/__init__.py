"""`relayboard eval KIND --data PATH [--json OUT]`: measurements that print a Markdown table."""

import asyncio
import json
from pathlib import Path

from evals.report import EvalReport
from tools.errors import InvalidInput


def run_eval(
    kind: str,
    data: Path,
    json_out: Path | None,
    *,
    database: str | None = None,
    queries: Path | None = None,
    off_topic: Path | None = None,
    longest: float | None = None,
    distractors: int | None = None,
) -> int:
    """Run one evaluation, print its table, and write the full result as JSON when asked.

    Raises:
        InvalidInput: unknown kind, unreadable data, or `sql` without a database.
    """
    report: EvalReport
    if kind == "routing":
        from evals.routing import evaluate_routing

        report = asyncio.run(evaluate_routing(data))
    elif kind == "retrieval":
        from evals.retrieval import evaluate_retrieval

        report = asyncio.run(evaluate_retrieval(data, off_topic, distractors))
    elif kind == "sql":
        from evals.sql import evaluate_sql
        from graph.models import build_chat_model
        from graph.settings import SystemSettings

        report = asyncio.run(evaluate_sql(data, database, queries, model=build_chat_model(SystemSettings())))
    elif kind == "summarise":
        from evals.summarise import evaluate_summarise

        report = asyncio.run(evaluate_summarise(data, longest_percent=longest))
    else:
        raise InvalidInput(f"unknown evaluation {kind!r}: use routing, retrieval, sql or summarise")
    print(report.markdown)
    if json_out is not None:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(report.result, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0
