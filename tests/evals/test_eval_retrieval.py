"""`relayboard eval retrieval`: BEIR metrics per pipeline, answers scored, the corpus index cached."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from agents.retrieval.answerability import SIGNALS
from evals.beir import read_beir, with_distractors
from evals.harness.processes import system_environment
from evals.metrics import exact_match, mrr_at_k, ndcg_at_k, recall_at_k, token_f1
from evals.not_found import Signals, calibrate, judge_ceiling
from tools.errors import InvalidOption

CORPUS = {
    "d1": ("Volcanoes", "Basalt lava flows from shield volcanoes such as Mauna Loa."),
    "d2": ("Bees", "Honey bees communicate the direction of flowers with a waggle dance."),
    "d3": ("Tides", "Ocean tides are caused mainly by the gravitational pull of the Moon."),
    "d4": ("Glaciers", "Glaciers carve U-shaped valleys as they slowly move downhill."),
}
QUERIES = {
    "q1": ("How do bees tell each other where flowers are?", "d2", "a waggle dance"),
    "q2": ("What causes the tides?", "d3", "the gravitational pull of the Moon"),
}


def test_ranking_metrics_match_their_definitions() -> None:
    relevant = {"a": 1, "b": 1}
    assert ndcg_at_k(["a", "b", "c"], relevant, 10) == pytest.approx(1.0)
    assert ndcg_at_k(["c", "a"], relevant, 10) == pytest.approx((1 / 1.58496) / (1 + 1 / 1.58496), rel=1e-4)
    assert recall_at_k(["c", "a"], relevant, 1) == 0.0 and recall_at_k(["c", "a"], relevant, 2) == 0.5
    assert mrr_at_k(["c", "x", "b"], relevant, 10) == pytest.approx(1 / 3) and mrr_at_k(["c"], relevant, 10) == 0.0
    assert exact_match("The waggle dance.", "waggle dance") and token_f1("a waggle dance of bees", "waggle dance") > 0.6


def supported(*cosines: float) -> list[dict[str, float]]:
    """Signals of results whose best sentences have these cosines and nothing else in their favour."""
    return [{**dict.fromkeys(SIGNALS, 0.0), "support": cosine} for cosine in cosines]


def test_the_not_found_bar_is_the_one_that_best_separates_answer_present_from_answer_absent() -> None:
    table, result = calibrate(Signals(supported(0.6, 0.7, 0.5), supported(0.2, 0.3, 0.25)), current=0.3)
    assert 0.3 < float(result["best_bar"]) <= 0.5  # type: ignore[arg-type]
    assert "| 0.30 (current) | 1.000 | 0.667 | 0.833 |" in table

    scores = Signals(supported(0.6, 0.7), supported(0.65, 0.66), off_topic=supported(0.1, 0.2))
    table, result = calibrate(scores, current=0.3)
    assert float(result["best_bar"]) <= 0.6  # type: ignore[arg-type]  # off-topic questions decide the bar
    assert "| 0.30 (current) | 1.000 | 1.000 | 0.000 | 1.000 | 0.500 |" in table


def test_the_answerability_model_is_reported_beside_the_cosine_bars() -> None:
    every_word = {"coverage": 1.0, "entity_coverage": 1.0, "distinctive_coverage": 1.0}  # all words found
    answered = [{**row, **every_word} for row in supported(0.7, 0.8)]
    table, result = calibrate(Signals(answered, supported(0.0, -0.1)), current=0.3)
    assert "| answerability model, p >=" in table
    assert result["model"] == {"answerable_answered": 1.0, "answer_removed_declined": 1.0, "balanced_accuracy": 1.0}


def test_no_judge_of_the_hits_can_decline_more_than_retrieval_allows_at_the_answered_share() -> None:
    # 91% of answers among the hits, 95% to be answered: 4 of the 9 missed points come from questions whose hits
    # hold no answer, and as many answer-removed questions are answered with them.
    answered, declined = judge_ceiling(0.91, 0.95)
    assert answered == 0.95 and declined == pytest.approx(1 - 4 / 9)
    assert judge_ceiling(0.97, 0.95) == (0.97, 1.0)  # every answer shown: it answers those and declines the rest
    assert judge_ceiling(0.0, 0.95)[1] == pytest.approx(0.05)


def test_the_ceiling_is_reported_beside_the_answerability_model_when_retrieval_was_judged() -> None:
    every_word = {"coverage": 1.0, "entity_coverage": 1.0, "distinctive_coverage": 1.0}
    answered = [{**row, **every_word} for row in supported(0.7, 0.8, 0.9, 0.6)]  # the model answers all four

    def ceiling_row(shown: list[bool]) -> str:
        table, _ = calibrate(Signals(answered, supported(0.0, -0.1, 0.1, 0.2), answer_shown=shown), current=0.3)
        return next(line for line in table.splitlines() if "perfect judge of the shown hits" in line)

    # One answer was never retrieved: answering it as well means answering from hits without the answer, which a
    # judge of the hits cannot tell from an answer-removed question.
    assert ceiling_row([True, True, True, False]).endswith("| 1.000 | 0.000 | 0.500 |")
    assert ceiling_row([True] * 4).endswith("| 1.000 | 1.000 | 1.000 |")
    _, result = calibrate(Signals(answered, supported(0.0, -0.1, 0.1, 0.2), answer_shown=[True] * 4), current=0.3)
    assert result["ceiling"] == {"answerable_answered": 1.0, "answer_removed_declined": 1.0, "balanced_accuracy": 1.0}
    assert "perfect judge" not in calibrate(Signals(answered, supported(0.0)), current=0.3)[0]


def write_beir(data: Path) -> None:
    data.mkdir()
    (data / "corpus.jsonl").write_text(
        "\n".join(json.dumps({"_id": k, "title": t, "text": x}) for k, (t, x) in CORPUS.items())
    )
    (data / "queries.jsonl").write_text(
        "\n".join(json.dumps({"_id": k, "text": q}) for k, (q, _, _) in QUERIES.items())
    )
    (data / "qrels.tsv").write_text(
        "query-id\tcorpus-id\tscore\n" + "".join(f"{k}\t{d}\t1\n" for k, (_, d, _) in QUERIES.items())
    )
    (data / "answers.jsonl").write_text(
        "\n".join(json.dumps({"_id": k, "answers": [a]}) for k, (_, _, a) in QUERIES.items())
    )


def test_a_distractor_draw_keeps_every_relevant_document_and_is_the_same_on_every_run(tmp_path: Path) -> None:
    write_beir(tmp_path / "beir")
    beir = read_beir(tmp_path / "beir")
    drawn = with_distractors(beir, 1)
    ids = [document.doc_id for document in drawn.documents]
    assert len(ids) == 3 and {"d2", "d3"} <= set(ids)  # both relevant documents and one of d1, d4
    assert [d.doc_id for d in with_distractors(read_beir(tmp_path / "beir"), 1).documents] == ids
    assert "plus 1 others drawn with random.Random(20261203)" in drawn.corpus_description
    assert [d.doc_id for d in with_distractors(beir, 0).documents] == ["d2", "d3"]
    assert beir.corpus_description == "4 documents (the whole corpus)"
    with pytest.raises(InvalidOption, match="between 0 and 2"):
        with_distractors(beir, 3)


def test_eval_retrieval_scores_each_pipeline_and_reuses_the_index(tmp_path: Path) -> None:
    data = tmp_path / "beir"
    write_beir(data)
    env = system_environment(tmp_path / "state")
    command = [
        sys.executable,
        "-m",
        "gateway.cli",
        "eval",
        "retrieval",
        "--data",
        str(data),
        "--json",
        str(tmp_path / "r.json"),
        "--off-topic",
        str(tmp_path / "off-topic.jsonl"),
    ]
    (tmp_path / "off-topic.jsonl").write_text('{"question": "How many invoices were issued in 2010?"}\n')

    first = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert first.returncode == 0, first.stderr
    assert "indexing 4 documents" in first.stderr
    for pipeline in ("dense", "bm25", "hybrid", "hybrid+rerank"):
        assert f"| {pipeline} | 1.000 |" in first.stdout  # every pipeline ranks the one relevant document first
    result = json.loads((tmp_path / "r.json").read_text())
    assert result["queries"] == 2 and result["answers"]["questions"] == 2 and result["answers"]["f1"] > 0.3
    assert "Not found (" in first.stdout and "off-topic declined" in first.stdout
    assert "| answerability model, p >=" in first.stdout
    assert result["not_found_bar"]["bars"]["0.30"]["off_topic_declined"] == 1.0

    second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert second.returncode == 0 and "indexing" not in second.stderr

    drawn = subprocess.run([*command, "--distractors", "1"], env=env, capture_output=True, text=True, timeout=300)
    assert drawn.returncode == 0 and "indexing 3 documents" in drawn.stderr  # its own index, not the whole corpus's
    assert "2 queries, 3 documents (every relevant one plus 1 others drawn with random.Random(20261203)" in drawn.stdout
    result = json.loads((tmp_path / "r.json").read_text())
    assert (result["documents"], result["distractors"], result["distractor_seed"]) == (3, 1, 20261203)


@pytest.mark.parametrize(("count", "got"), [("3", "3"), ("-1", "-1")])
def test_eval_retrieval_refuses_distractors_outside_the_corpus_as_a_usage_error(
    tmp_path: Path, count: str, got: str
) -> None:
    write_beir(tmp_path / "beir")
    command = [sys.executable, "-m", "gateway.cli", "eval", "retrieval", "--data", str(tmp_path / "beir")]
    done = subprocess.run(
        [*command, "--distractors", count],
        env=system_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert (done.returncode, done.stderr) == (
        2,
        f"relayboard: --distractors must be between 0 and 2 (the corpus's non-relevant documents), got {got}\n",
    )


@pytest.mark.parametrize(
    ("flags", "said"),
    [
        (
            ["--distractors", "99"],
            "--distractors must be between 0 and 2 (the corpus's non-relevant documents), got 99",
        ),
        (
            ["--distractors", "-1"],
            "--distractors must be between 0 and 2 (the corpus's non-relevant documents), got -1",
        ),
        (["--folds", "1"], "--folds must be between 2 and 2 (the judged queries), got 1"),
        (["--folds", "3"], "--folds must be between 2 and 2 (the judged queries), got 3"),
    ],
)
def test_the_answerability_fit_refuses_an_option_out_of_range_in_one_line_as_a_usage_error(
    tmp_path: Path, flags: list[str], said: str
) -> None:
    write_beir(tmp_path / "beir")
    done = subprocess.run(
        [sys.executable, "-m", "evals.answerability_fit", str(tmp_path / "beir"), *flags],
        env=system_environment(tmp_path / "state"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stderr) == (2, f"python -m evals.answerability_fit: {said}\n")
    assert not (tmp_path / "state").exists()  # refused before anything was embedded or indexed


def test_the_answerability_fit_refuses_a_write_path_it_cannot_write_before_the_run(tmp_path: Path) -> None:
    write_beir(tmp_path / "beir")
    done = subprocess.run(
        [sys.executable, "-m", "evals.answerability_fit", str(tmp_path / "beir"), "--write", str(tmp_path)],
        env=system_environment(tmp_path / "state"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stderr) == (
        2,
        f"python -m evals.answerability_fit: {tmp_path}: --write must be a file path in a folder you can write to, "
        "got a folder; see docs/evaluation.md\n",
    )


def test_a_folder_without_qrels_is_refused_with_what_it_needs(tmp_path: Path) -> None:
    (tmp_path / "corpus.jsonl").write_text('{"_id": "d1", "text": "x"}')
    (tmp_path / "queries.jsonl").write_text('{"_id": "q1", "text": "x"}')
    done = subprocess.run(
        [sys.executable, "-m", "gateway.cli", "eval", "retrieval", "--data", str(tmp_path)],
        env=system_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2 and done.stderr == (
        f"relayboard: {tmp_path / 'qrels.tsv'}: the path must be a BEIR qrels file (query-id<TAB>corpus-id<TAB>score), "
        "got no such file; see docs/evaluation.md\n"
    )
