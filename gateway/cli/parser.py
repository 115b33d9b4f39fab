"""The `relayboard` argument parser: every command's flags, each command's module imported only when it runs.

A command module may import the agent system, uvicorn or the evaluations; declaring the flags here keeps
`relayboard --help` (and the deploy tests that check manifests against this parser) fast and light.
"""

import argparse
import importlib
from collections.abc import Callable
from typing import get_args

from gateway.cli import keys
from tools.chunking import Strategy

_URL_HELP = "gateway URL (default RELAYBOARD_URL, or RELAYBOARD_HOST:RELAYBOARD_PORT)"


def _runs(command: str) -> Callable[[argparse.Namespace], int]:
    """The `run` of module `gateway.cli.<command>`, imported when the command runs, not when the parser is built."""

    def run(args: argparse.Namespace) -> int:
        module = importlib.import_module(f"gateway.cli.{command}")
        return int(module.run(args))

    return run


def parser() -> argparse.ArgumentParser:
    """The whole command tree; each subcommand's `run` default is its module's `run(args) -> exit code`."""
    root = argparse.ArgumentParser(prog="relayboard", description="Relayboard: multi-agent answers, traced.")
    commands = root.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the HTTP API and /mcp (and start the MCP servers)")
    serve.add_argument("--host", help="listen address (default RELAYBOARD_HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, help="listen port (default RELAYBOARD_PORT or 8000)")
    serve.set_defaults(run=_runs("serve"))

    ingest = commands.add_parser("ingest", help="ingest .md, .txt, .html, .pdf and BEIR .jsonl files or folders")
    ingest.add_argument("paths", nargs="+", help="files or folders")
    ingest.add_argument("--collection", help="collection name (default RELAYBOARD_COLLECTION or docs)")
    ingest.add_argument(
        "--strategy",
        choices=get_args(Strategy),
        help="chunking of a new collection (recorded with it; default markdown)",
    )
    ingest.add_argument("--max-chars", type=int, help="chunk size in characters (markdown/recursive/semantic)")
    ingest.add_argument("--chunk-tokens", type=int, help="window size in tokens (fixed)")
    ingest.add_argument("--overlap-tokens", type=int, help="window overlap in tokens (fixed)")
    ingest.set_defaults(run=_runs("ingest"))

    ask = commands.add_parser("ask", help="ask the running gateway a question")
    ask.add_argument("question")
    ask.add_argument("--url", help=_URL_HELP)
    ask.add_argument("--thread-id", help="continue a conversation")
    ask.add_argument("--json", action="store_true", help="print the whole answer as JSON")
    ask.set_defaults(run=_runs("ask"))

    usage = commands.add_parser("usage", help="print the running gateway's usage per key, route and day")
    usage.add_argument("--url", help=_URL_HELP)
    usage.add_argument("--since", help="first day (UTC), YYYY-MM-DD")
    usage.add_argument("--key", help="only this key holder's requests")
    usage.set_defaults(run=_runs("usage"))

    mcp = commands.add_parser(
        "mcp", help="serve Relayboard over stdio for IDE assistants (through the running gateway when one answers)"
    )
    mcp.set_defaults(run=_runs("mcp"))

    evaluate = commands.add_parser("eval", help="measure routing, retrieval, sql or summarise on a data set")
    evaluate.add_argument("kind", choices=["routing", "retrieval", "sql", "summarise"])
    evaluate.add_argument("--data", required=True, help="the evaluation data (see README)")
    evaluate.add_argument("--json", help="also write the full result as JSON to this file")
    evaluate.add_argument(
        "--off-topic", help="retrieval: JSONL of questions the corpus cannot answer, to calibrate the not-found bar"
    )
    evaluate.add_argument(
        "--distractors",
        type=int,
        metavar="N",
        help="retrieval: index every relevant document plus N others drawn with a fixed seed (default: all of them)",
    )
    evaluate.add_argument(
        "--database",
        help="sql: the SQLite file or postgresql:// URL the questions are about (rows with a `db` name their own)",
    )
    evaluate.add_argument(
        "--longest",
        type=float,
        metavar="PERCENT",
        help="summarise: only the PERCENT%% longest documents (by words), to see whether a win holds on long inputs",
    )
    evaluate.add_argument(
        "--lead",
        type=int,
        metavar="K",
        help="summarise: the Lead-k baseline's k, at least 1 (default 1 for one-sentence references, else 3)",
    )
    evaluate.add_argument("--queries", help="sql: YAML file of curated queries for that database (default: demo set)")
    evaluate.set_defaults(run=_runs("evaluate"))

    keys.add_parser(commands).set_defaults(run=keys.run)  # light: its store is opened inside `run`

    demo = commands.add_parser("demo-data", help="build the Chinook demo database and ingest the docs")
    demo.add_argument("--docs", default="docs", help="folder of documents to ingest (default docs)")
    demo.set_defaults(run=_runs("demo_data"))
    return root
