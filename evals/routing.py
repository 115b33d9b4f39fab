"""Routing evaluation: accuracy, per-route precision/recall, confusion matrix and latency of the router."""

import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from agents.contracts import ROUTES
from evals.report import EvalReport, markdown_table, read_jsonl
from graph.router import SemanticRouter, default_routes_path, load_utterances
from graph.settings import SystemSettings
from tools.embeddings import configured_embedder


async def evaluate_routing(data: Path) -> EvalReport:
    """Route every question of `data` (JSONL: question, route, optional also) with the extractive router.

    A question counts as correct when the plan is exactly [route] or [route, also].
    """
    rows = list(read_jsonl(data, ("question", "route")))
    settings = SystemSettings()
    embedder = configured_embedder()
    router = SemanticRouter(embedder, load_utterances(settings.routes_file or default_routes_path()))
    await router.prepare()
    confusion: Counter[tuple[str, str]] = Counter()
    latencies: list[float] = []
    items: list[dict[str, Any]] = []
    correct = first_correct = 0
    for row in rows:
        started = time.perf_counter()
        plan = [step.route for step in await router.plan(row["question"])]
        latencies.append((time.perf_counter() - started) * 1000)
        expected = [row["route"], *([row["also"]] if row.get("also") else [])]
        confusion[(row["route"], plan[0])] += 1
        correct += plan == expected
        first_correct += plan[0] == row["route"]
        items.append(
            {
                "id": row.get("id"),
                "question": row["question"],
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
    total = len(rows) or 1
    summary = {
        "questions": len(rows),
        "accuracy": correct / total,
        "first_route_accuracy": first_correct / total,
        "latency_ms_p50": float(np.percentile(latencies, 50)) if latencies else 0.0,
        "latency_ms_p95": float(np.percentile(latencies, 95)) if latencies else 0.0,
    }
    table = (
        markdown_table(["metric", "value"], [[key, value] for key, value in summary.items()])
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
