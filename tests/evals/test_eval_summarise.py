"""`relayboard eval summarise`: ROUGE, compression and latency of our summaries beside the Lead-k baseline."""

import json
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from evals.embedding_cache import CachedEmbedder
from evals.harness.processes import system_environment
from evals.rows import SummaryRow
from evals.summarise import LATENCY_NOTE, lead, lead_size, rouge, score_rows
from tests.gateway.test_cli import relayboard
from tools.embeddings import Embedder, Vectors
from tools.sentences import split_sentences

DOCUMENT = (
    "The town opened a new library on Monday. Thousands of books were donated by residents. "
    "The mayor thanked volunteers for months of work. Parking near the site remains limited. "
    "The library will open late on Thursdays."
)


def test_lead_k_is_the_first_k_sentences() -> None:
    assert lead(DOCUMENT, 2) == "The town opened a new library on Monday. Thousands of books were donated by residents."


def test_the_baseline_takes_one_sentence_for_one_sentence_references_and_three_otherwise() -> None:
    assert lead_size(["A new library opened."]) == 1
    assert lead_size(["A new library opened.", "The town has a library now."]) == 1
    assert lead_size(["A new library opened .\nResidents donated the books ."]) == 3


def test_eval_summarise_prints_ours_at_default_and_at_lead_length_beside_lead_k_and_writes_json(tmp_path: Path) -> None:
    data = tmp_path / "summaries.jsonl"
    rows = [
        {"id": "a", "document": DOCUMENT, "references": ["A new library opened, stocked with donated books."]},
        {"id": "b", "document": DOCUMENT.replace("library", "pool"), "references": "A new pool opened. It is late."},
    ]
    data.write_text("\n".join(json.dumps(row) for row in rows))
    out = tmp_path / "summaries.json"
    done = relayboard("eval", "summarise", "--data", str(data), "--json", str(out), env=system_environment(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "| system | ROUGE-1 | ROUGE-2 | ROUGE-L | compression |" in done.stdout
    for system in ("| extractive |", "| extractive@lead-1/3 |", "| lead-1/3 |"):
        assert system in done.stdout
    result = json.loads(out.read_text())
    assert result["documents"] == 2 and set(result["systems"]) == {"extractive", "extractive@lead-1/3", "lead-1/3"}
    assert 0 < result["systems"]["lead-1/3"]["rougeL"] <= 1
    for item, k in zip(result["items"], (1, 3), strict=True):
        assert item["lead_k"] == k
        assert (
            len(split_sentences(item["extractive@lead"]["summary"]))
            == k
            == len(split_sentences(item["lead"]["summary"]))
        )


def test_eval_summarise_rejects_rows_without_references(tmp_path: Path) -> None:
    data = tmp_path / "bad.jsonl"
    data.write_text(json.dumps({"id": "a", "document": DOCUMENT, "references": []}) + "\n")
    done = relayboard("eval", "summarise", "--data", str(data), env=system_environment(tmp_path))
    assert done.returncode == 2
    assert done.stderr == (
        f"relayboard: {data}:1: references must be a non-empty list of strings, got []; see docs/evaluation.md\n"
    )


def test_eval_summarise_longest_keeps_only_the_longest_documents_and_says_so(tmp_path: Path) -> None:
    data = tmp_path / "summaries.jsonl"
    sentences = DOCUMENT.split(". ")
    rows = [
        {"id": f"n{n}", "document": ". ".join(sentences[:n]) + ".", "references": ["A new library opened."]}
        for n in (2, 5, 3, 4)
    ]
    data.write_text("\n".join(json.dumps(row) for row in rows))
    out = tmp_path / "longest.json"
    done = relayboard(
        "eval",
        "summarise",
        "--data",
        str(data),
        "--longest",
        "50",
        "--json",
        str(out),
        env=system_environment(tmp_path),
    )
    assert done.returncode == 0, done.stderr
    shortest_kept = len(str(rows[3]["document"]).split())
    assert f"summaries.jsonl: 2 documents (the longest 50% of 4: {shortest_kept} words and more)" in done.stdout
    result = json.loads(out.read_text())
    assert result["longest_percent"] == 50 and [item["id"] for item in result["items"]] == ["n5", "n4"]


@pytest.mark.parametrize("share", ["0", "150", "-5"])
def test_eval_summarise_rejects_a_longest_share_outside_0_to_100_as_a_usage_error(tmp_path: Path, share: str) -> None:
    data = tmp_path / "summaries.jsonl"
    data.write_text(json.dumps({"id": "a", "document": DOCUMENT, "references": ["A library."]}) + "\n")
    done = relayboard("eval", "summarise", "--data", str(data), "--longest", share, env=system_environment(tmp_path))
    assert (done.returncode, done.stderr) == (
        2,
        f"relayboard: --longest must be a percentage above 0 and at most 100, got {share}\n",
    )


@pytest.mark.parametrize("k", ["0", "-2"])
def test_eval_summarise_refuses_a_lead_below_one_sentence_as_a_usage_error_naming_the_option(
    tmp_path: Path, k: str
) -> None:
    data = tmp_path / "summaries.jsonl"
    data.write_text(json.dumps({"id": "a", "document": DOCUMENT, "references": ["A library."]}) + "\n")
    done = relayboard("eval", "summarise", "--data", str(data), "--lead", k, env=system_environment(tmp_path))
    assert (done.returncode, done.stderr) == (
        2,
        f"relayboard: --lead must be a whole number of sentences, at least 1, got {k}\n",
    )


def test_eval_summarise_lead_fixes_the_baselines_k_for_every_row(tmp_path: Path) -> None:
    data = tmp_path / "summaries.jsonl"
    rows = [
        {"id": "a", "document": DOCUMENT, "references": ["A new library opened, stocked with donated books."]},
        {"id": "b", "document": DOCUMENT.replace("library", "pool"), "references": "A new pool opened. It is late."},
    ]
    data.write_text("\n".join(json.dumps(row) for row in rows))
    out = tmp_path / "lead.json"
    done = relayboard(
        "eval", "summarise", "--data", str(data), "--lead", "2", "--json", str(out), env=system_environment(tmp_path)
    )
    assert done.returncode == 0, done.stderr
    assert "Lead-k takes k=2 (--lead)" in done.stdout
    result = json.loads(out.read_text())
    assert result["lead_k"] == 2 and set(result["systems"]) == {"extractive", "extractive@lead-2", "lead-2"}
    for item in result["items"]:
        assert item["lead_k"] == 2
        assert (
            len(split_sentences(item["lead"]["summary"]))
            == 2
            == len(split_sentences(item["extractive@lead"]["summary"]))
        )


EMBEDDING_S = 0.5  # what the fake model takes per call: far above a five-sentence summary's own work


class SlowModel:
    """An embedder that takes `EMBEDDING_S` per call, as a cold model over a long document would."""

    def __init__(self, inner: Embedder) -> None:
        self._inner = inner
        self.dimension, self.model_name = inner.dimension, inner.model_name

    def encode(self, texts: Sequence[str]) -> Vectors:
        time.sleep(EMBEDDING_S)
        return self._inner.encode(texts)

    async def embed(self, texts: Sequence[str]) -> Vectors:
        return self.encode(texts)


async def test_summary_latency_excludes_embedding_so_a_cold_cache_times_like_a_warm_one(
    tmp_path: Path, embedder: Embedder
) -> None:
    cold = CachedEmbedder(SlowModel(embedder), tmp_path / "empty-cache")
    row = SummaryRow(id="a", document=DOCUMENT, references=["A new library opened."])
    systems, _ = await score_rows([row], cold, rouge())
    for system in ("extractive", "extractive@lead"):
        assert systems[system][0]["latency_ms"] < EMBEDDING_S * 1000 / 2, system


def test_the_summarise_table_says_what_its_latency_covers(tmp_path: Path) -> None:
    data = tmp_path / "summaries.jsonl"
    data.write_text(json.dumps({"id": "a", "document": DOCUMENT, "references": ["A library opened."]}) + "\n")
    done = relayboard("eval", "summarise", "--data", str(data), env=system_environment(tmp_path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().endswith(LATENCY_NOTE)


@pytest.mark.parametrize(
    ("flags", "said"),
    [
        (["--folds", "1"], "--folds must be between 2 and 2 (the rows read), got 1"),
        (["--folds", "3"], "--folds must be between 2 and 2 (the rows read), got 3"),
        (["--limit", "0"], "--limit must be a number of rows, at least 1, got 0"),
    ],
)
def test_the_summary_fit_refuses_an_option_out_of_range_in_one_line_as_a_usage_error(
    tmp_path: Path, flags: list[str], said: str
) -> None:
    dev = tmp_path / "dev"
    dev.mkdir()
    rows = [
        {"id": "a", "document": DOCUMENT, "references": ["A library."]},
        {"id": "b", "document": DOCUMENT, "references": ["Books."]},
    ]
    (dev / "news.jsonl").write_text("\n".join(json.dumps(row) for row in rows) + "\n")
    done = subprocess.run(
        [sys.executable, "-m", "evals.summary_fit", str(dev), *flags],
        env=system_environment(tmp_path / "state"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stderr) == (2, f"python -m evals.summary_fit: {said}\n")
