"""Running one of our MCP servers over stdio or streamable HTTP, with tracing and call credentials in force."""

import argparse
from collections.abc import Callable, Sequence

import uvicorn
from mcp.server.mcpserver import MCPServer

from mcp_servers.credentials import ConnectionCredentials, enforce_call_credentials
from mcp_servers.tracing import ToolCallTracing
from observability import (
    MetricSettings,
    configure_logging,
    configure_metrics,
    configure_tracing,
    flush_metrics,
    shutdown_tracing,
)
from tools.answered_once import AnsweredOnce
from tools.call_tokens import CallVerifier, deployment_secret
from tools.errors import RelayboardError
from tools.settings import CallTokenSettings


def parse_listen(value: str) -> tuple[str, int]:
    """`HOST:PORT` -> (host, port).

    Raises:
        argparse.ArgumentTypeError: not of that form.
    """
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError(f"expected HOST:PORT such as 127.0.0.1:8101, got {value!r}")
    return host, int(port)


def _expected_failure(exc: BaseException) -> RelayboardError | None:
    """The error of ours (which names its fix) that stopped the server, also inside the task groups' exception
    groups a lifespan failure arrives in; None for any other failure (a defect: its traceback is kept)."""
    if isinstance(exc, RelayboardError):
        return exc
    if isinstance(exc, BaseExceptionGroup):
        for inner in exc.exceptions:
            if (found := _expected_failure(inner)) is not None:
                return found
    return None


def run_server(name: str, factory: Callable[[], MCPServer], argv: Sequence[str] | None = None) -> None:
    """Serve the server that `factory` builds: stdio by default, streamable HTTP with `--http HOST:PORT`."""
    parser = argparse.ArgumentParser(prog=f"python -m mcp_servers.{name}", description=f"Relayboard {name} MCP server")
    parser.add_argument("--http", type=parse_listen, metavar="HOST:PORT", help="serve streamable HTTP at /mcp")
    args = parser.parse_args(argv)
    configure_logging(f"mcp-{name}")  # on stderr: stdout carries the stdio protocol
    configure_tracing(f"mcp-{name}")
    configure_metrics(f"mcp-{name}", settings=MetricSettings(prometheus=False))  # OTLP only: no HTTP route here
    try:
        server = factory()
        # Our servers' names are their grant namespaces and the audience of the tokens meant for them.
        verifier = CallVerifier(deployment_secret(CallTokenSettings()), audience=name)
        server.middleware.append(ToolCallTracing())
        enforce_call_credentials(server, verifier, name)
        if args.http:
            host, port = args.http
            # The SDK's own run() would hand uvicorn its default logging (a plain line per HTTP call); ours is set.
            app = AnsweredOnce(ConnectionCredentials(server.streamable_http_app(host=host), verifier))
            uvicorn.run(app, host=host, port=port, log_config=None, access_log=False)
        else:
            try:
                server.run()
            except BaseException as exc:
                error = _expected_failure(exc)
                if error is None:
                    raise
                # One line on stderr, the last the client's log shows (agents/mcp_client/server_log.py), and exit 1.
                raise SystemExit(f"cannot start: {error}") from None
    finally:
        flush_metrics()
        shutdown_tracing()
