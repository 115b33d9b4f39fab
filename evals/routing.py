"""Routing evaluation: accuracy, per-route precision/recall, confusion matrix and latency of the router."""

import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from agents.contracts import ROUTES
from evals.data_files import read_rows, require_unique
from evals.report import EvalReport, markdown_table
from evals.rows import RoutingRow
from graph.router import SemanticRouter, default_routes_path, load_utterances
from graph.settings import SystemSettings
from tools.embeddings import configured_embedder


async def evaluate_routing(data: Path) -> EvalReport:
    """Route every question of `data` (JSONL rows of `RoutingRow`) with the extractive router.

    A question counts as correct when the plan is exactly [route] or, with `also`, [route, also]; the rows with
    `also` are also counted on their own, as two-step plans.

    Raises:
        InvalidData: the file is missing, empty, or has a row that is not a `RoutingRow` (or repeats an id).
    """
    numbered = read_rows(data, RoutingRow, "a JSONL file of routing rows (--data)")
    rows = [n.row for n in require_unique(data, numbered, "id", lambda row: row.id)]
    settings = SystemSettings()
    embedder = configured_embedder()
    router = SemanticRouter(embedder, load_utterances(settings.routes_file or default_routes_path()))
    await router.prepare()
    confusion: Counter[tuple[str, str]] = Counter()
    latencies: list[float] = []
    items: list[dict[str, Any]] = []
    correct = first_correct = two_step_correct = 0
    for row in rows:
        started = time.perf_counter()
        plan: list[str] = [step.route for step in await router.plan(row.question)]
        latencies.append((time.perf_counter() - started) * 1000)
        expected = row.plan
        confusion[(row.route, plan[0])] += 1
        correct += plan == expected
        first_correct += plan[0] == row.route
        two_step_correct += row.also is not None and plan == expected
        items.append(
            {
                "id": row.id,
                "question": row.question,
                "expected": expected,
                "predicted": plan,
                "correct": plan == expected,
            }
        )
    per_route = {}
    for route in ROUTES:
        tp = confusion[(route, route)]
        predicted = sum(v for (_, p), v in confusion.items() if p == route)
        actual = sum(v for (a, _), v in confusion.items() if a == route)
        per_route[route] = {
            "precision": tp / predicted if predicted else 0.0,
            "recall": tp / actual if actual else 0.0,
            "support": actual,
        }
    two_step = sum(1 for row in rows if row.also is not None)
    summary = {
        "questions": len(rows),
        "accuracy": correct / len(rows),
        "first_route_accuracy": first_correct / len(rows),
        "two_step_questions": two_step,
        "two_step_accuracy": two_step_correct / two_step if two_step else None,
        "latency_ms_p50": float(np.percentile(latencies, 50)),
        "latency_ms_p95": float(np.percentile(latencies, 95)),
    }
    table = (
        markdown_table(
            ["metric", "value"],
            [[key, "no two-step rows" if value is None else value] for key, value in summary.items()],
        )
        + "\n\n"
        + markdown_table(
            ["route", "precision", "recall", "support"],
            [[route, m["precision"], m["recall"], m["support"]] for route, m in per_route.items()],
        )
        + "\n\n"
        + markdown_table(
            ["expected \\ predicted", *ROUTES],
            [[actual, *[confusion[(actual, predicted)] for predicted in ROUTES]] for actual in ROUTES],
        )
    )
    misses = [item for item in items if not item["correct"]]
    if misses:
        table += "\n\nMisrouted:\n" + "\n".join(
            f"- {m['expected']} -> {m['predicted']}: {m['question'][:90]}" for m in misses
        )
    confusion_json = {a: {p: confusion[(a, p)] for p in ROUTES} for a in ROUTES}
    result = {"summary": summary, "per_route": per_route, "confusion": confusion_json, "items": items}
    return EvalReport(table, result)
