"""`relayboard eval summarise`: ROUGE, compression and latency of our summaries beside the Lead-k baseline."""

import json
from pathlib import Path

from evals.harness.processes import system_environment
from evals.summarise import lead
from tests.gateway.test_cli import relayboard

DOCUMENT = (
    "The town opened a new library on Monday. Thousands of books were donated by residents. "
    "The mayor thanked volunteers for months of work. Parking near the site remains limited. "
    "The library will open late on Thursdays."
)


def test_lead_k_is_the_first_k_sentences() -> None:
    assert lead(DOCUMENT, 2) == "The town opened a new library on Monday. Thousands of books were donated by residents."


def test_eval_summarise_prints_ours_beside_lead_3_and_writes_json(tmp_path: Path) -> None:
    data = tmp_path / "summaries.jsonl"
    rows = [
        {"id": "a", "document": DOCUMENT, "references": ["A new library opened, stocked with donated books."]},
        {"id": "b", "document": DOCUMENT.replace("library", "pool"), "references": "A new pool opened."},
    ]
    data.write_text("\n".join(json.dumps(row) for row in rows))
    out = tmp_path / "summaries.json"
    done = relayboard("eval", "summarise", "--data", str(data), "--json", str(out), env=system_environment(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "| system | ROUGE-1 | ROUGE-2 | ROUGE-L | compression |" in done.stdout
    assert "| extractive |" in done.stdout and "| lead-3 |" in done.stdout
    result = json.loads(out.read_text())
    assert result["documents"] == 2 and set(result["systems"]) == {"extractive", "lead-3"}
    assert 0 < result["systems"]["lead-3"]["rougeL"] <= 1 and result["items"][0]["lead-3"]["compression"] < 1


def test_eval_summarise_rejects_rows_without_references(tmp_path: Path) -> None:
    data = tmp_path / "bad.jsonl"
    data.write_text(json.dumps({"id": "a", "document": DOCUMENT, "references": []}) + "\n")
    done = relayboard("eval", "summarise", "--data", str(data), env=system_environment(tmp_path))
    assert done.returncode == 1 and "`references` must be a non-empty list of strings" in done.stderr
