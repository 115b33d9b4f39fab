"""`relayboard eval`'s data files: every problem is exit 2 and one line naming the file, line and field.

Each case writes a small data set whose only fault is the one named, runs the command in process, and checks the
whole of stderr, so a traceback, a second line or a vaguer message fails it.
"""

import json
from pathlib import Path

import pytest

from gateway.cli import main

SQLITE_HEADER = b"SQLite format 3\x00"
GOOD_ROUTING = {"question": "How many customers do we have?", "route": "sql"}
GOOD_SQL = {"id": "q1", "question": "How many customers do we have?", "result": [[59]]}
GOOD_SUMMARY = {"id": "a", "document": "The library opened. It has books.", "references": ["A library opened."]}
SEE = "; see docs/evaluation.md\n"


def jsonl(path: Path, *rows: object) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def beir(folder: Path, *, corpus: list[object] | None = None, qrels: str | None = None, **extra: list[object]) -> Path:
    """A BEIR folder of two documents and one query judged relevant to d1, with the parts given replaced."""
    folder.mkdir()
    jsonl(folder / "corpus.jsonl", *(corpus or [{"_id": "d1", "text": "Bees dance."}, {"_id": "d2", "text": "Tides."}]))
    jsonl(folder / "queries.jsonl", *extra.get("queries", [{"_id": "q1", "text": "How do bees talk?"}]))
    (folder / "qrels.tsv").write_text(qrels if qrels is not None else "query-id\tcorpus-id\tscore\nq1\td1\t1\n")
    if "answers" in extra:
        jsonl(folder / "answers.jsonl", *extra["answers"])
    return folder


def refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """The stderr of a run that must exit 2 having printed nothing on stdout."""
    code = main(["eval", *argv])
    out, err = capsys.readouterr()
    assert (code, out) == (2, ""), err
    return err


def test_a_line_that_is_not_a_json_object_is_named_by_its_line(tmp_path: Path, capsys) -> None:
    data = tmp_path / "routing.jsonl"
    data.write_text(json.dumps(GOOD_ROUTING) + '\n["sql"]\n', encoding="utf-8")
    assert refused(capsys, "routing", "--data", str(data)) == (
        f'relayboard: {data}:2: the line must be a JSON object, got ["sql"]' + SEE
    )


def test_bytes_that_are_not_utf8_are_named_by_their_line(tmp_path: Path, capsys) -> None:
    data = tmp_path / "routing.jsonl"
    data.write_bytes(json.dumps(GOOD_ROUTING).encode() + b'\n{"question": "caf\xe9", "route": "sql"}\n')
    assert refused(capsys, "routing", "--data", str(data)) == (
        f"relayboard: {data}:2: the line must be UTF-8 text, got the byte b'\\xe9' at column 18" + SEE
    )


@pytest.mark.parametrize("kind", ["routing", "sql", "summarise"])
def test_an_empty_data_file_is_refused_not_scored_as_zeros(tmp_path: Path, capsys, kind: str) -> None:
    data = tmp_path / "empty.jsonl"
    data.write_text("\n\n")
    extra = ["--database", str(tmp_path / "x.sqlite")] if kind == "sql" else []
    assert refused(capsys, kind, "--data", str(data), *extra) == (
        f"relayboard: {data}: the file must be non-empty (at least one row), got an empty file" + SEE
    )


def test_an_empty_summarise_file_with_longest_is_the_empty_file_error(tmp_path: Path, capsys) -> None:
    data = tmp_path / "empty.jsonl"
    data.write_text("")
    assert refused(capsys, "summarise", "--data", str(data), "--longest", "10") == (
        f"relayboard: {data}: the file must be non-empty (at least one row), got an empty file" + SEE
    )


@pytest.mark.parametrize(
    ("row", "said"),
    [
        (
            {**GOOD_ROUTING, "route": "database"},
            "route must be one of 'retrieval', 'sql', 'summarise', got \"database\"",
        ),
        ({**GOOD_ROUTING, "question": 42}, "question must be a non-blank string, got 42"),
        (
            {**GOOD_ROUTING, "also": "sql"},
            "also must be 'summarise' (the second step of a two-step plan, the only one the router makes) or absent, "
            'got "sql"',
        ),
        (
            {**GOOD_ROUTING, "route": "summarise", "also": "summarise"},
            "also must be absent when route is 'summarise' (a two-step plan summarises what another route found), "
            "got 'summarise'",
        ),
    ],
)
def test_a_routing_row_with_a_label_the_tables_cannot_hold_is_refused(
    tmp_path: Path, capsys, row: dict[str, object], said: str
) -> None:
    data = jsonl(tmp_path / "routing.jsonl", GOOD_ROUTING, row)
    assert refused(capsys, "routing", "--data", str(data)) == f"relayboard: {data}:2: {said}" + SEE


def test_a_repeated_routing_id_is_refused_at_its_second_line(tmp_path: Path, capsys) -> None:
    data = jsonl(tmp_path / "routing.jsonl", {**GOOD_ROUTING, "id": 7}, GOOD_ROUTING, {**GOOD_ROUTING, "id": "7"})
    assert refused(capsys, "routing", "--data", str(data)) == (
        f'relayboard: {data}:3: id must be unique in the file, got "7" again (first on line 1)' + SEE
    )


@pytest.mark.parametrize(
    ("row", "said"),
    [
        (
            {**GOOD_SQL, "result": 59},
            "result must be the gold result as a list of rows, each a list of JSON values, e.g. [[82]], got 59",
        ),
        (
            {**GOOD_SQL, "result": [[1], 2]},
            "result must be the gold result as a list of rows, each a list of JSON values, e.g. [[82]], got 2 at "
            "result[1]",
        ),
        ({**GOOD_SQL, "result": [[1], [1, 2]]}, "result must be rows of one width, got rows of 1 and 2 values"),
        (
            {**GOOD_SQL, "difficulty": 1},
            'difficulty must be a label such as "easy", "medium" or "hard", or absent, got 1',
        ),
        ({**GOOD_SQL, "ordered": "yes"}, 'ordered must be true or false, got "yes"'),
    ],
)
def test_a_sql_row_of_the_wrong_types_is_refused_before_any_question_is_asked(
    tmp_path: Path, capsys, row: dict[str, object], said: str
) -> None:
    database = tmp_path / "db.sqlite"
    database.write_bytes(SQLITE_HEADER)
    data = jsonl(tmp_path / "sql.jsonl", row)
    assert refused(capsys, "sql", "--data", str(data), "--database", str(database)) == (
        f"relayboard: {data}:1: {said}" + SEE
    )


def test_a_database_that_is_not_sqlite_is_refused_before_a_server_starts(tmp_path: Path, capsys) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("not a database\n")
    data = jsonl(tmp_path / "sql.jsonl", GOOD_SQL)
    assert refused(capsys, "sql", "--data", str(data), "--database", str(notes)) == (
        f"relayboard: {notes}: --database must be a SQLite file or a postgresql:// URL, got a file that is not "
        "SQLite (no SQLite header)" + SEE
    )


def test_a_rows_own_database_that_is_missing_is_named_with_the_row(tmp_path: Path, capsys) -> None:
    data = jsonl(tmp_path / "sql.jsonl", GOOD_SQL, {**GOOD_SQL, "id": "q2", "db": "shop/shop.sqlite"})
    assert refused(capsys, "sql", "--data", str(data), "--database", "postgresql://reader@db/shop") == (
        f"relayboard: {data}:2: db must be a SQLite file's path relative to {tmp_path} (here "
        f'{tmp_path / "shop/shop.sqlite"}), got "shop/shop.sqlite", no such file' + SEE
    )


@pytest.mark.parametrize(
    ("row", "said"),
    [
        ({**GOOD_SUMMARY, "document": None}, "document must be a non-blank string, got null"),
        (
            {**GOOD_SUMMARY, "references": ["A library.", 3]},
            "references must be a non-empty list of strings, got 3 at references[1]",
        ),
    ],
)
def test_a_summary_row_of_the_wrong_types_is_refused_not_scored_as_text(
    tmp_path: Path, capsys, row: dict[str, object], said: str
) -> None:
    data = jsonl(tmp_path / "summaries.jsonl", GOOD_SUMMARY | {"id": "z"}, row)
    assert refused(capsys, "summarise", "--data", str(data)) == f"relayboard: {data}:2: {said}" + SEE


def test_a_duplicate_corpus_id_is_refused_not_counted_twice(tmp_path: Path, capsys) -> None:
    folder = beir(
        tmp_path / "beir", corpus=[{"_id": "d1", "text": "a"}, {"_id": "d2", "text": "b"}, {"_id": "d1", "text": "c"}]
    )
    assert refused(capsys, "retrieval", "--data", str(folder)) == (
        f'relayboard: {folder / "corpus.jsonl"}:3: _id must be unique in the file, got "d1" again (first on line 1)'
        + SEE
    )


def test_a_null_corpus_text_is_refused_not_indexed_as_none(tmp_path: Path, capsys) -> None:
    folder = beir(tmp_path / "beir", corpus=[{"_id": "d1", "text": None}])
    assert refused(capsys, "retrieval", "--data", str(folder)) == (
        f"relayboard: {folder / 'corpus.jsonl'}:1: text must be a string, got null" + SEE
    )


def test_answers_given_as_one_string_are_refused_not_split_into_characters(tmp_path: Path, capsys) -> None:
    folder = beir(tmp_path / "beir", answers=[{"_id": "q1", "answers": "vitamin"}])
    assert refused(capsys, "retrieval", "--data", str(folder)) == (
        f'relayboard: {folder / "answers.jsonl"}:1: answers must be a list of strings, e.g. ["vitamin D"], '
        'got "vitamin"' + SEE
    )


def test_qrels_without_a_positive_judgement_are_refused(tmp_path: Path, capsys) -> None:
    folder = beir(tmp_path / "beir", qrels="query-id\tcorpus-id\tscore\nq1\td1\t0\n")
    assert refused(capsys, "retrieval", "--data", str(folder)) == (
        f"relayboard: {folder / 'qrels.tsv'}: the file must be judgements with at least one score above 0, "
        "got none above 0" + SEE
    )


def test_a_qrels_line_naming_an_unknown_document_names_its_line_and_column(tmp_path: Path, capsys) -> None:
    folder = beir(tmp_path / "beir", qrels="q1\td1\t1\nq1\td9\t1\n")
    assert refused(capsys, "retrieval", "--data", str(folder)) == (
        f'relayboard: {folder / "qrels.tsv"}:2: corpus-id must be an _id of corpus.jsonl, got "d9"' + SEE
    )


def test_an_off_topic_line_without_a_question_is_named(tmp_path: Path, capsys) -> None:
    folder = beir(tmp_path / "beir")
    off_topic = jsonl(tmp_path / "off.jsonl", {"text": "Who won the cup?"}, {"query": "typo'd field"})
    assert refused(capsys, "retrieval", "--data", str(folder), "--off-topic", str(off_topic)) == (
        f"relayboard: {off_topic}:2: text (or question) must be a non-blank string, got neither field" + SEE
    )


def test_a_json_path_that_is_a_folder_is_refused_before_the_data_is_even_read(tmp_path: Path, capsys) -> None:
    # The data file does not exist either: the --json check comes first, so no run is spent on a lost result.
    assert refused(capsys, "routing", "--data", str(tmp_path / "absent.jsonl"), "--json", str(tmp_path)) == (
        f"relayboard: {tmp_path}: --json must be a file path in a folder you can write to, got a folder" + SEE
    )
