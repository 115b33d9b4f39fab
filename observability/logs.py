"""How a Relayboard process logs: one line per record on stderr, JSON (python-json-logger) or for a person to read,
each naming the trace and span it happened in; a traceback once per exception; no per-call client chatter."""

import logging
import sys
from typing import Literal

from opentelemetry import trace
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

LogFormat = Literal["auto", "json", "console"]
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR"]

# INFO lines these write on every call (httpx's "HTTP Request: POST ...", the MCP SDK's "Processing request of
# type CallToolRequest", session set-up lines): kept at WARNING unless the level is DEBUG.
CHATTY_LOGGERS = ("httpx", "httpcore", "mcp", "fastmcp", "sse_starlette")
_LOGGED_MARK = "_relayboard_logged"
CONSOLE_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s%(trace_note)s"


class LogSettings(BaseSettings):
    """The log format and level of every Relayboard process (gateway and MCP servers)."""

    model_config = SettingsConfigDict(env_prefix="RELAYBOARD_LOG_", extra="ignore")

    format: LogFormat = Field(
        default="auto",
        description="`json`: one JSON object per line (for log collectors); `console`: lines for a person; `auto`: "
        "console when stderr is a terminal, else JSON.",
    )
    level: LogLevel = Field(default="INFO", description="The least severe level logged; `DEBUG` also shows HTTP calls.")

    def json_lines(self) -> bool:
        return self.format == "json" or (self.format == "auto" and not sys.stderr.isatty())


class TraceContext(logging.Filter):
    """Names the current trace and span on every record (`trace_id`, `span_id`; null outside any span)."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = trace.get_current_span().get_span_context()
        trace_id = f"{context.trace_id:032x}" if context.is_valid else None
        record.trace_id, record.span_id = trace_id, f"{context.span_id:016x}" if context.is_valid else None
        record.trace_note = f" [trace {trace_id}]" if trace_id else ""
        return True


class OneTraceback(logging.Filter):
    """Drops a record that carries an exception already logged with its traceback: the gateway logs a 5xx's
    exception once, with its trace id, and the server would log the same exception again as it goes up."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if exc is None:
            return True
        # Marked on the exception itself: builtin exceptions take no weak references, and a mark dies with it.
        if getattr(exc, _LOGGED_MARK, False):
            return False
        setattr(exc, _LOGGED_MARK, True)
        return True


def configure_logging(component: str, settings: LogSettings | None = None) -> None:
    """Send the process's logs (ours, uvicorn's, the libraries') to stderr in the configured format, with
    `service` set to `component` ("gateway", "mcp-sql", ...) in JSON lines."""
    settings = settings or LogSettings()
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(TraceContext())
    handler.addFilter(OneTraceback())
    if settings.json_lines():
        handler.setFormatter(
            JsonFormatter(
                ["asctime", "levelname", "name", "message"],
                rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
                static_fields={"service": component},
                # uvicorn's `color_message` repeats the message with terminal colours.
                reserved_attrs=[*RESERVED_ATTRS, "trace_note", "color_message"],
            )
        )
    else:
        handler.setFormatter(logging.Formatter(CONSOLE_FORMAT))
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(settings.level)
    quiet = logging.DEBUG if settings.level == "DEBUG" else logging.WARNING
    for name in CHATTY_LOGGERS:
        logging.getLogger(name).setLevel(quiet)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):  # through our handler, not uvicorn's own
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
