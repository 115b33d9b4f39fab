"""Several gateway worker processes on one port (RELAYBOARD_WORKERS): which configurations can work, the
application each worker builds for itself, and the supervisor that runs them on one TCP listener."""

import socket

import uvicorn
from fastapi import FastAPI
from uvicorn.supervisors import Multiprocess

from gateway.settings import GatewaySettings
from graph.settings import SystemSettings
from tools.errors import ConfigurationError
from tools.settings import StoreSettings


def check_workers(workers: int, system: SystemSettings, store: StoreSettings) -> None:
    """Refuse more than one worker where the workers would fight over one embedded store.

    Each worker runs its own agent system. Over stdio that means its own MCP server subprocesses, so each worker's
    retrieval server would open the embedded store in the same data dir, which allows one process.

    Raises:
        ConfigurationError: `workers` > 1 with stdio MCP servers over the embedded (edge) store.
    """
    if workers > 1 and system.mcp_transport == "stdio" and store.store_backend == "edge":
        raise ConfigurationError(
            f"RELAYBOARD_WORKERS={workers} cannot work with MCP servers over stdio and the embedded vector store: "
            f"every worker would start its own retrieval server on {store.data_dir}, and the store opens for one "
            "process only. Run the MCP servers once over HTTP (`python -m mcp_servers.NAME --http HOST:PORT`, then "
            "RELAYBOARD_MCP_TRANSPORT=http and RELAYBOARD_MCP_RETRIEVAL_URL, _SQL_URL, _SUMMARISE_URL), use the "
            "Qdrant server (RELAYBOARD_STORE_BACKEND=server), or set RELAYBOARD_WORKERS=1"
        )


def worker_app() -> FastAPI:
    """The application of one worker process (uvicorn's factory): logging and settings set up in the worker."""
    from gateway.app import create_app
    from observability import configure_logging

    configure_logging("gateway")
    return create_app(GatewaySettings())


def serve_workers(config: uvicorn.Config) -> None:
    """Run `config.workers` worker processes under uvicorn's supervisor, on one listener bound as TCP.

    uvicorn binds the workers' shared listener with `proto` 0 (Kludex/uvicorn#3149, open in 0.54), and asyncio sets
    TCP_NODELAY only on accepted sockets whose `proto` is TCP. With Nagle left on, a response written in two parts
    (headers, then body) waits for the client's delayed ACK: about 40 ms on each keep-alive request on Linux, which
    made one client half as fast with two workers as with one. Re-reading the socket from its descriptor takes the
    protocol from the kernel (SO_PROTOCOL).
    """
    bound = config.bind_socket()
    listener = socket.socket(fileno=bound.detach()) if bound.family in (socket.AF_INET, socket.AF_INET6) else bound
    listener.set_inheritable(True)
    Multiprocess(config, sockets=[listener]).run()
