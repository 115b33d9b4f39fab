"""`relayboard eval KIND --data PATH [--json OUT]`: measurements that print a Markdown table."""

import asyncio
from pathlib import Path

from evals.json_output import check_writable, write_json
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
    lead: int | None = None,
    distractors: int | None = None,
) -> int:
    """Run one evaluation, write the full result as JSON when asked, then print its table.

    `json_out` is checked before the run, and written whole before anything is printed, so an early error
    costs no run and a reader that closes stdout (`| head`) loses only the table.

    Raises:
        InvalidData: the data (or `json_out`) cannot be used; the message names the file, line and field.
        InvalidInput: unknown kind.
        InvalidOption: an option out of its range (`--longest`, `--lead`, `--distractors`).
    """
    if json_out is not None:
        check_writable(json_out)
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

        report = asyncio.run(evaluate_summarise(data, lead_k=lead, longest_percent=longest))
    else:
        raise InvalidInput(f"unknown evaluation {kind!r}: use routing, retrieval, sql or summarise")
    if json_out is not None:
        write_json(json_out, report.result)
    print(report.markdown, flush=True)
    return 0
