"""The `relayboard` command line: clear one-line errors, ingest into a collection, the routing evaluation."""

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from evals.harness.processes import system_environment
from tests.conftest import shared_data
from tools.settings import StoreSettings
from tools.vectorstore import open_vector_store


def relayboard(*args: str, env: dict[str, str] | None = None, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gateway.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )


def test_ingest_writes_a_collection_and_a_missing_path_is_one_clear_line(tmp_path: Path) -> None:
    corpus = tmp_path / "notes"
    corpus.mkdir()
    (corpus / "a.md").write_text("# Alpha\n\nThe alpha service restarts nightly.\n")
    (corpus / "b.txt").write_text("Beta runs on Tuesdays.")
    env = system_environment(tmp_path / "data")
    done = relayboard("ingest", str(corpus), "--collection", "notes", "--strategy", "recursive", env=env)
    assert done.returncode == 0, done.stderr
    changed = relayboard("ingest", str(corpus), "--collection", "notes", "--strategy", "fixed", env=env)
    assert changed.returncode == 1 and "delete it or use another name to change chunking" in changed.stderr
    assert "ingested 2 documents, 2 chunks" in done.stdout and "'notes'" in done.stdout
    assert (tmp_path / "data" / "qdrant" / "notes").is_dir()

    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    partial = relayboard("ingest", str(corpus), "--collection", "notes", env=env)
    assert partial.returncode == 1 and "ingested 2 documents" in partial.stdout
    assert "skipped " in partial.stderr and "broken.pdf: ValueError: not a readable PDF" in partial.stderr

    missing = relayboard("ingest", str(tmp_path / "nowhere"), env=env)
    assert missing.returncode == 1
    assert missing.stderr.strip().endswith(
        "does not exist: pass files or folders of .htm, .html, .jsonl, .markdown, .md, .pdf, .txt"
    )
    assert "Traceback" not in missing.stderr


@pytest.mark.parametrize(
    ("line", "said"),
    [
        (
            "{not json",
            "the line must be a JSON object, got invalid JSON (Expecting property name enclosed in double quotes)",
        ),
        ('["d2", "Text"]', 'the line must be a JSON object, got ["d2", "Text"]'),
        ('{"title": "T", "text": "No id."}', "_id must be a non-empty string or an integer, got a row without it"),
        ('{"_id": "d2", "title": "T"}', "text must be a string, got a row without it"),
        ('{"_id": ["d2"], "text": "Listed."}', '_id must be a non-empty string or an integer, got ["d2"]'),
        ('{"_id": "d2", "title": 3, "text": "Numbered."}', "title must be a string or absent, got 3"),
    ],
)
def test_a_bad_beir_corpus_line_is_exit_2_naming_it_and_nothing_is_ingested(
    tmp_path: Path, line: str, said: str
) -> None:
    (tmp_path / "notes.md").write_text("# Notes\n\nRead before the corpus.\n")
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(f'{{"_id": "d1", "title": "T", "text": "Fine."}}\n{line}\n')
    env = system_environment(tmp_path / "data")
    done = relayboard("ingest", str(tmp_path / "notes.md"), str(corpus), "--collection", "notes", env=env)
    assert done.returncode == 2
    assert done.stderr == f"relayboard: {corpus}:2: {said}; see docs/retrieval.md\n"
    assert not (tmp_path / "data").exists() or not any((tmp_path / "data").rglob("notes*"))


async def stored_chunks(data_dir: Path, collection: str) -> set[str]:
    """The ids of every point of the existing `collection` (each derives from its document id and content)."""
    # The dimension shapes only a collection being created; this one exists.
    store = await open_vector_store(StoreSettings(data_dir=data_dir, collection=collection), dimension=384)
    try:
        return {point.id for point in await store.scroll()}
    finally:
        await store.close()


async def test_a_corpus_streamed_through_a_named_pipe_with_a_bad_last_line_leaves_the_collection_unchanged(
    tmp_path: Path,
) -> None:
    env = system_environment(tmp_path / "data")
    (tmp_path / "notes.md").write_text("# Notes\n\nIngested before the corpus.\n")
    assert relayboard("ingest", str(tmp_path / "notes.md"), "--collection", "notes", env=env).returncode == 0
    before = await stored_chunks(tmp_path / "data", "notes")
    pipe = tmp_path / "corpus.jsonl"
    os.mkfifo(pipe)
    # More documents than one stored batch (256 chunks) before the bad line, so a streamed check would store some.
    good = [json.dumps({"_id": f"d{n}", "text": f"Document {n} is about lighthouse number {n}."}) for n in range(300)]
    writer = threading.Thread(target=pipe.write_text, args=("\n".join([*good, '{"_id": "last"}']) + "\n",))
    writer.daemon = True  # never keeps the test run alive if the command failed before opening the pipe
    writer.start()
    done = relayboard("ingest", str(pipe), "--collection", "notes", env=env)
    writer.join(timeout=30)
    assert (done.returncode, done.stderr) == (
        2,
        f"relayboard: {pipe}:301: text must be a string, got a row without it; see docs/retrieval.md\n",
    )
    assert await stored_chunks(tmp_path / "data", "notes") == before


def test_a_corpus_streamed_through_a_named_pipe_is_ingested_whole(tmp_path: Path) -> None:
    pipe = tmp_path / "corpus.jsonl"
    os.mkfifo(pipe)
    rows = [{"_id": "d1", "title": "Tides", "text": "The Moon pulls the tides."}, {"_id": 2, "text": "Bees dance."}]
    writer = threading.Thread(target=pipe.write_text, args=("\n".join(json.dumps(r) for r in rows) + "\n",))
    writer.daemon = True
    writer.start()
    done = relayboard("ingest", str(pipe), "--collection", "notes", env=system_environment(tmp_path / "data"))
    writer.join(timeout=30)
    assert done.returncode == 0, done.stderr
    assert "ingested 2 documents, 2 chunks" in done.stdout


def test_a_bad_setting_is_a_configuration_error_naming_the_variable(tmp_path: Path) -> None:
    env = system_environment(tmp_path, RELAYBOARD_STORE_BACKEND="server")
    done = relayboard("ingest", str(tmp_path), env=env)
    assert done.returncode == 2 and "needs RELAYBOARD_QDRANT_URL" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("variable", "value", "said"),
    [
        # Read only inside the lifespan before: each was a traceback after the servers had started.
        ("RELAYBOARD_TRACE_CONTENT", "some", "RELAYBOARD_TRACE_CONTENT: Input should be 'off', 'truncated' or 'full'"),
        ("RELAYBOARD_METRICS_PROMETHEUS", "maybe", "RELAYBOARD_METRICS_PROMETHEUS: Input should be a valid boolean"),
        ("RELAYBOARD_EMBEDDING_BACKEND", "gpu", "RELAYBOARD_EMBEDDING_BACKEND: Input should be 'torch' or 'onnx-int8'"),
        # JSON pydantic-settings cannot parse was a traceback whatever the command.
        ("RELAYBOARD_API_KEYS", '{"sk-unparsed', "RELAYBOARD_API_KEYS is not valid JSON"),
        ("RELAYBOARD_MCP_SERVERS", "[1,", "RELAYBOARD_MCP_SERVERS is not valid JSON"),
        # The rate-limit library's traceback, for a scheme it cannot open.
        ("RELAYBOARD_REDIS_URL", "http://cache:6379", "RELAYBOARD_REDIS_URL must be a redis://HOST:PORT/DB URL"),
        ("RELAYBOARD_PORT", "eighty", "RELAYBOARD_PORT: Input should be a valid integer"),
    ],
)
def test_serve_refuses_any_unreadable_setting_in_one_line_naming_the_variable(
    tmp_path: Path, variable: str, value: str, said: str
) -> None:
    done = relayboard("serve", env=system_environment(tmp_path, **{variable: value}), timeout=60)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"relayboard: configuration error: {said}"), done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "sk-unparsed" not in done.stderr, "a value that may be a key is never echoed"


@pytest.mark.parametrize(
    ("flags", "said"),
    [
        (["--port", "70000"], "--port: Input should be less than or equal to 65535 (got 70000)"),
        (["--port", "0"], "--port: Input should be greater than or equal to 1 (got 0)"),
    ],
)
def test_serve_refuses_a_bad_flag_in_one_line_naming_the_flag(tmp_path: Path, flags: list[str], said: str) -> None:
    done = relayboard("serve", *flags, env=system_environment(tmp_path), timeout=60)
    assert (done.returncode, done.stderr) == (2, f"relayboard: configuration error: {said}\n")


def test_every_command_names_the_variable_and_echoes_a_value_that_cannot_be_a_secret(tmp_path: Path) -> None:
    done = relayboard("ask", "hello", env=system_environment(tmp_path, RELAYBOARD_PORT="eighty"))
    assert done.returncode == 2 and "(got 'eighty')" in done.stderr and "docs/configuration.md" in done.stderr


def test_ask_without_a_running_gateway_says_how_to_start_one(tmp_path: Path) -> None:
    done = relayboard("ask", "hello", "--url", "http://127.0.0.1:9", env=system_environment(tmp_path))
    assert done.returncode == 1 and "start it with `make run`" in done.stderr


def test_eval_routing_prints_a_table_and_writes_json(tmp_path: Path) -> None:
    data = tmp_path / "routing.jsonl"
    rows = [
        {"question": "How many customers do we have in Canada?", "route": "sql"},
        {
            "question": "Summarise this: The build failed twice. The cache was cold. It passed on retry.",
            "route": "summarise",
        },
        {"question": "What does the documentation say about health checks?", "route": "retrieval"},
        {
            "question": "Find the papers on vitamin D and depression and summarise what they conclude.",
            "route": "retrieval",
            "also": "summarise",
        },
    ]
    data.write_text("\n".join(json.dumps(row) for row in rows))
    out = tmp_path / "routing.json"
    done = relayboard("eval", "routing", "--data", str(data), "--json", str(out), env=system_environment(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "| accuracy | 1.000 |" in done.stdout and "| route | precision | recall | support |" in done.stdout
    assert "| two_step_questions | 1 |" in done.stdout and "| two_step_accuracy | 1.000 |" in done.stdout
    result = json.loads(out.read_text())
    assert result["summary"]["questions"] == 4 and len(result["items"]) == 4
    assert result["summary"]["two_step_accuracy"] == 1.0
    assert result["items"][3]["expected"] == result["items"][3]["predicted"] == ["retrieval", "summarise"]


def test_eval_routing_on_a_malformed_file_names_the_line(tmp_path: Path) -> None:
    data = tmp_path / "bad.jsonl"
    data.write_text('{"question": "hi", "route": "sql"}\n{"question": "no route"}\n')
    done = relayboard("eval", "routing", "--data", str(data), env=system_environment(tmp_path))
    assert done.returncode == 2
    assert done.stderr == (
        f"relayboard: {data}:2: route must be one of 'retrieval', 'sql', 'summarise', got a row without it; "
        "see docs/evaluation.md\n"
    )


def test_eval_routing_on_the_dev_set_reports_every_question(tmp_path: Path) -> None:
    dev = shared_data("routing/dev.jsonl")
    out = tmp_path / "dev.json"
    done = relayboard("eval", "routing", "--data", str(dev), "--json", str(out), env=system_environment(tmp_path))
    assert done.returncode == 0, done.stderr
    result = json.loads(out.read_text())
    assert result["summary"]["questions"] == sum(1 for line in dev.open() if line.strip())
    assert set(result["confusion"]) == {"retrieval", "sql", "summarise"}


def test_eval_writes_its_json_whole_even_when_the_reader_of_stdout_has_gone(tmp_path: Path) -> None:
    data = tmp_path / "routing.jsonl"
    data.write_text(json.dumps({"question": "How many customers do we have in Canada?", "route": "sql"}) + "\n")
    out = tmp_path / "routing.json"
    command = [sys.executable, "-m", "gateway.cli", "eval", "routing", "--data", str(data), "--json", str(out)]
    env = system_environment(tmp_path)
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # as `| head` does once it has its lines: every write after this is EPIPE
        errors = process.stderr.read().decode()
        code = process.wait(timeout=180)
    assert (code, errors) == (141, "")
    assert json.loads(out.read_text())["summary"]["questions"] == 1
