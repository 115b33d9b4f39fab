"""`relayboard eval sql`: execution accuracy of the SQL agent, answered-correct, answered-wrong and declined."""

import json
from pathlib import Path

import pytest
from langchain_core.messages import AIMessage

from evals.sql import NOT_MEASURED, evaluate_sql
from gateway.cli import main
from tests.conftest import shared_data
from tests.support.fake_chat import ScriptedChatModel
from tests.support.postgres import PostgresServer
from tools.embeddings import Embedder

QUESTIONS: list[dict[str, object]] = [
    {"id": "q1", "question": "How many invoices were issued in 2010?", "result": [[82]], "difficulty": "easy"},
    {"id": "q2", "question": "How many customers do we have in Germany?", "result": [[5]], "difficulty": "easy"},
    {"id": "q3", "question": "Which tracks have never been bought?", "result": [["x"]], "difficulty": "hard"},
]


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


def call(name: str, args: dict[str, object], call_id: str) -> AIMessage:
    return AIMessage("", tool_calls=[{"name": name, "args": args, "id": call_id}])


def test_the_command_counts_correct_wrong_and_declined_and_writes_json(
    demo_database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # q2's gold is deliberately wrong (Germany has 4 customers): the agent's right answer scores as wrong.
    data = write_jsonl(tmp_path / "dev.jsonl", QUESTIONS)
    out = tmp_path / "report.json"
    code = main(["eval", "sql", "--data", str(data), "--database", str(demo_database), "--json", str(out)])
    printed, errors = capsys.readouterr()
    assert code == 0, errors
    assert "| extractive | 3 | 1 | 1 | 1 | 0.333 | 0.500 | 1 |" in printed
    assert f"| generative | 3 | {NOT_MEASURED} |" in printed
    result = json.loads(out.read_text())
    assert result["summary"]["extractive"]["correct"] == 1 and result["generative"] == NOT_MEASURED
    outcomes = {item["id"]: (item["outcome"], item["tool"]) for item in result["items"]}
    assert outcomes == {
        "q1": ("correct", "invoices_in_year"),
        "q2": ("wrong", "customers_in_country"),
        "q3": ("declined", None),
    }


async def test_generative_mode_is_measured_with_whatever_chat_model_is_configured(
    demo_database: Path, tmp_path: Path, embedder: Embedder
) -> None:
    data = write_jsonl(tmp_path / "dev.jsonl", QUESTIONS[:1])
    model = ScriptedChatModel(
        script=[
            call("run_query", {"sql": "SELECT COUNT(*) FROM Invoice WHERE InvoiceDate LIKE '2010%'"}, "c1"),
            AIMessage("82 invoices were issued in 2010."),
        ]
    )
    report = await evaluate_sql(data, str(demo_database), model=model, embedder=embedder)
    assert report.result["summary"]["generative"]["correct"] == 1
    assert report.result["generative"] == "measured"
    assert "| generative | 1 | 1 | 0 | 0 | 1.000 | 1.000 | 1 |" in report.markdown


@pytest.mark.postgres
async def test_the_eval_runs_the_same_way_against_a_postgresql_url(
    postgres: PostgresServer, tmp_path: Path, embedder: Embedder
) -> None:
    data = write_jsonl(tmp_path / "dev.jsonl", [{**QUESTIONS[0], "sql": "SELECT COUNT(*) FROM invoice WHERE 1 = 0"}])
    report = await evaluate_sql(data, postgres.reader_url, embedder=embedder)
    assert report.result["summary"]["extractive"]["correct"] == 1
    assert report.result["gold_reproduced"] == {"q1": False}  # the gold SQL is checked on the server too


def test_a_missing_database_argument_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = write_jsonl(tmp_path / "dev.jsonl", QUESTIONS)
    assert main(["eval", "sql", "--data", str(data)]) == 2
    assert capsys.readouterr().err == (
        f"relayboard: {data}:1: db must be given in the row (a SQLite file next to the data file) or with "
        "--database PATH_OR_URL, got neither; see docs/evaluation.md\n"
    )


def test_a_database_file_that_does_not_exist_is_named_in_the_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = write_jsonl(tmp_path / "dev.jsonl", QUESTIONS)
    assert main(["eval", "sql", "--data", str(data), "--database", str(tmp_path / "none.sqlite")]) == 2
    assert capsys.readouterr().err == (
        f"relayboard: {tmp_path / 'none.sqlite'}: --database must be a SQLite file or a postgresql:// URL, "
        "got no such file; see docs/evaluation.md\n"
    )


@pytest.mark.slow
def test_the_dev_set_runs_end_to_end_and_its_gold_sql_reproduces_on_its_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, database = shared_data("sql/chinook_dev.jsonl"), shared_data("sql/chinook.sqlite")
    out = tmp_path / "report.json"
    assert main(["eval", "sql", "--data", str(data), "--database", str(database), "--json", str(out)]) == 0
    result = json.loads(out.read_text())
    summary = result["summary"]["extractive"]
    assert summary["correct"] + summary["wrong"] + summary["declined"] == summary["questions"] == 40
    assert all(result["gold_reproduced"].values()) and len(result["gold_reproduced"]) == 40
