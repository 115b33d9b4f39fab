"""The SQL evaluation's figures per database: one data set may span several databases (a `db` per row)."""

from collections import Counter
from typing import Any

from evals.report import EvalReport, markdown_table

OUTCOMES = ("correct", "wrong", "declined")


def with_databases(report: EvalReport, items: list[dict[str, Any]], elapsed_s: float) -> EvalReport:
    """`report` with a table of extractive outcomes per database and difficulty, and the run time."""
    extractive = [item for item in items if item["mode"] == "extractive"]
    rows = []
    for database in dict.fromkeys(item["database"] for item in extractive):
        mine = [item for item in extractive if item["database"] == database]
        for level in ["all", *sorted({str(i["difficulty"]) for i in mine if i["difficulty"]})]:
            chosen = mine if level == "all" else [i for i in mine if i["difficulty"] == level]
            counts = Counter(item["outcome"] for item in chosen)
            rows.append([database, level, len(chosen), *(counts[outcome] for outcome in OUTCOMES)])
    markdown = (
        report.markdown
        + "\n\nExtractive by database:\n\n"
        + markdown_table(["database", "difficulty", "questions", *OUTCOMES], rows)
        + f"\n\nRun time: {elapsed_s:.1f} s"
    )
    return EvalReport(markdown, {**report.result, "elapsed_s": round(elapsed_s, 1)})
