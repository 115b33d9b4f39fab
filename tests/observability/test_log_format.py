"""The log format of every Relayboard process: JSON lines naming their trace, or lines for a person; one traceback
per exception however many loggers it passes."""

import json
import logging
from collections.abc import Iterator

import pytest
from opentelemetry.sdk.trace import TracerProvider

from observability import LogSettings, configure_logging


@pytest.fixture(autouse=True)
def restored_logging() -> Iterator[None]:
    """configure_logging sets the process's root logger: put back what pytest had."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)


def test_json_lines_name_the_trace_and_span_they_were_written_in(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("gateway", LogSettings(format="json"))
    tracer = TracerProvider().get_tracer("test")
    with tracer.start_as_current_span("request") as span:
        logging.getLogger("gateway.test").info("inside", extra={"principal": "alice"})
    logging.getLogger("gateway.test").warning("outside")

    inside, outside = (json.loads(line) for line in capsys.readouterr().err.splitlines())
    context = span.get_span_context()
    assert inside["trace_id"] == f"{context.trace_id:032x}" and inside["span_id"] == f"{context.span_id:016x}"
    assert (inside["message"], inside["level"], inside["service"], inside["principal"]) == (
        "inside",
        "INFO",
        "gateway",
        "alice",
    )
    assert (outside["trace_id"], outside["span_id"], outside["level"]) == (None, None, "WARNING")


def test_an_exception_logged_twice_shows_its_traceback_once(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("gateway", LogSettings(format="json"))
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        logging.getLogger("gateway.problems").error("unhandled error (trace 1234)", exc_info=exc)
        logging.getLogger("uvicorn.error").error("Exception in ASGI application", exc_info=exc)  # as uvicorn does

    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert [line["message"] for line in lines] == ["unhandled error (trace 1234)"]
    assert "RuntimeError: boom" in lines[0]["exc_info"]


def test_console_lines_are_for_a_person_and_client_chatter_is_quiet(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("mcp-sql", LogSettings(format="console"))
    logging.getLogger("httpx").info("HTTP Request: POST http://127.0.0.1/mcp 200 OK")
    logging.getLogger("mcp.server.lowlevel.server").info("Processing request of type CallToolRequest")
    logging.getLogger("mcp_servers.sql").info("serving")

    (line,) = capsys.readouterr().err.splitlines()
    assert line.endswith("INFO    mcp_servers.sql: serving") and not line.startswith("{")


def test_auto_writes_json_when_stderr_is_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("gateway", LogSettings())
    logging.getLogger("gateway.test").info("hello")

    assert json.loads(capsys.readouterr().err)["message"] == "hello"


def test_an_unknown_log_format_is_refused_naming_the_choices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RELAYBOARD_LOG_FORMAT", "xml")
    with pytest.raises(ValueError, match="'auto', 'json' or 'console'"):
        LogSettings()
