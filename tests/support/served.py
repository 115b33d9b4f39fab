"""An app served by uvicorn in this process on a real port, for clients that need a socket (the MCP SDK's)."""

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import uvicorn
from fastapi import FastAPI


def listening_socket() -> tuple[socket.socket, int]:
    """A socket bound on loopback and listening (connections wait in its backlog until the server starts)."""
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    listening.listen()
    return listening, int(listening.getsockname()[1])


@asynccontextmanager
async def served(app: FastAPI, listening: socket.socket) -> AsyncIterator[str]:
    """`app` (already started) answering on `listening` while the block runs; yields its base URL."""
    server = uvicorn.Server(uvicorn.Config(app, lifespan="off", log_level="warning"))
    serving = asyncio.create_task(server.serve(sockets=[listening]))
    try:
        yield f"http://127.0.0.1:{listening.getsockname()[1]}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(serving, 10)
