"""The `relayboard` command line: serve, ingest, ask, mcp, eval, demo-data."""

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import get_args

from pydantic import ValidationError

from gateway.keys_command import add_keys_parser
from tools.chunking import ChunkingPolicy, Strategy
from tools.errors import ConfigurationError, InvalidInput, RelayboardError


def _serve(args: argparse.Namespace) -> int:
    import os

    import uvicorn

    from gateway.app import create_app
    from gateway.governance.listener import refuse_open_listener
    from gateway.governance.settings import GovernanceSettings
    from gateway.governance.store import KeyStore
    from gateway.settings import GatewaySettings
    from gateway.workers import check_workers
    from graph.settings import SystemSettings
    from observability import configure_logging
    from tools.settings import StoreSettings

    settings = GatewaySettings()
    # The flags override the environment for everything that depends on them, the allowed Host names included.
    settings = settings.model_copy(update={"host": args.host or settings.host, "port": args.port or settings.port})
    check_workers(settings.workers, SystemSettings(), StoreSettings())
    store = KeyStore.open(GovernanceSettings().sqlalchemy_url())
    try:
        refuse_open_listener(settings, store)  # here too, so the refusal is one line, not a lifespan traceback
    finally:
        store.close()
    configure_logging("gateway")
    # Logging is ours (observability/logs.py); each request is logged once by gateway/request_log.py.
    if settings.workers == 1:
        app: object = create_app(settings)
    else:  # each worker process builds its own app from the environment: hand it the flags' values that way
        os.environ.update({"RELAYBOARD_HOST": settings.host, "RELAYBOARD_PORT": str(settings.port)})
        app = "gateway.workers:worker_app"
    uvicorn.run(
        app,  # type: ignore[arg-type]  # an ASGI app or uvicorn's "module:factory" string
        factory=settings.workers > 1,
        workers=settings.workers,
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,
    )
    return 0


def _usage(args: argparse.Namespace) -> int:
    from gateway.usage_command import print_usage

    return print_usage(url=args.url, since=args.since, key=args.key)


def _ingest(args: argparse.Namespace) -> int:
    from gateway.ingest_command import run_ingest

    chunking = None
    if args.strategy or args.max_chars or args.chunk_tokens or args.overlap_tokens is not None:
        defaults = ChunkingPolicy()
        try:
            chunking = ChunkingPolicy(
                strategy=args.strategy or defaults.strategy,
                max_chars=args.max_chars or defaults.max_chars,
                chunk_tokens=args.chunk_tokens or defaults.chunk_tokens,
                overlap_tokens=defaults.overlap_tokens if args.overlap_tokens is None else args.overlap_tokens,
            )
        except ValueError as exc:
            raise InvalidInput(str(exc)) from exc
    return asyncio.run(run_ingest([Path(p) for p in args.paths], args.collection, chunking))


def _ask(args: argparse.Namespace) -> int:
    from gateway.ask_command import ask_remote

    return asyncio.run(ask_remote(args.question, url=args.url, thread_id=args.thread_id, as_json=args.json))


def _mcp(_: argparse.Namespace) -> int:
    from gateway.mcp_command import serve_stdio

    serve_stdio()
    return 0


def _eval(args: argparse.Namespace) -> int:
    from evals import run_eval

    return run_eval(
        args.kind,
        Path(args.data),
        Path(args.json) if args.json else None,
        database=args.database,
        queries=Path(args.queries) if args.queries else None,
        off_topic=Path(args.off_topic) if args.off_topic else None,
    )


def _keys(args: argparse.Namespace) -> int:
    from gateway.keys_command import run_keys

    return run_keys(args)


def _demo_data(args: argparse.Namespace) -> int:
    from gateway.ingest_command import build_demo_data

    return build_demo_data(Path(args.docs))


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="relayboard", description="Relayboard: multi-agent answers, traced.")
    commands = root.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the HTTP API and /mcp (and start the MCP servers)")
    serve.add_argument("--host", help="listen address (default RELAYBOARD_HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, help="listen port (default RELAYBOARD_PORT or 8000)")
    serve.set_defaults(run=_serve)

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
    ingest.set_defaults(run=_ingest)

    ask = commands.add_parser("ask", help="ask the running gateway a question")
    ask.add_argument("question")
    ask.add_argument("--url", help="gateway URL (default RELAYBOARD_URL, or RELAYBOARD_HOST:RELAYBOARD_PORT)")
    ask.add_argument("--thread-id", help="continue a conversation")
    ask.add_argument("--json", action="store_true", help="print the whole answer as JSON")
    ask.set_defaults(run=_ask)

    usage = commands.add_parser("usage", help="print the running gateway's usage per key, route and day")
    usage.add_argument("--url", help="gateway URL (default RELAYBOARD_URL, or RELAYBOARD_HOST:RELAYBOARD_PORT)")
    usage.add_argument("--since", help="first day (UTC), YYYY-MM-DD")
    usage.add_argument("--key", help="only this key holder's requests")
    usage.set_defaults(run=_usage)

    mcp = commands.add_parser(
        "mcp", help="serve Relayboard over stdio for IDE assistants (through the running gateway when one answers)"
    )
    mcp.set_defaults(run=_mcp)

    evaluate = commands.add_parser("eval", help="measure routing, retrieval, sql or summarise on a data set")
    evaluate.add_argument("kind", choices=["routing", "retrieval", "sql", "summarise"])
    evaluate.add_argument("--data", required=True, help="the evaluation data (see README)")
    evaluate.add_argument("--json", help="also write the full result as JSON to this file")
    evaluate.add_argument(
        "--off-topic", help="retrieval: JSONL of questions the corpus cannot answer, to calibrate the not-found bar"
    )
    evaluate.add_argument(
        "--database",
        help="sql: the SQLite file or postgresql:// URL the questions are about (rows with a `db` name their own)",
    )
    evaluate.add_argument("--queries", help="sql: YAML file of curated queries for that database (default: demo set)")
    evaluate.set_defaults(run=_eval)

    add_keys_parser(commands)
    commands.choices["keys"].set_defaults(run=_keys)

    demo = commands.add_parser("demo-data", help="build the Chinook demo database and ingest the docs")
    demo.add_argument("--docs", default="docs", help="folder of documents to ingest (default docs)")
    demo.set_defaults(run=_demo_data)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `relayboard` script; errors print one line and exit non-zero, never a traceback."""
    args = parser().parse_args(argv)
    try:
        return int(args.run(args))
    except (ConfigurationError, ValidationError) as exc:
        print(f"relayboard: configuration error: {exc}", file=sys.stderr)
        return 2
    except RelayboardError as exc:
        print(f"relayboard: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
