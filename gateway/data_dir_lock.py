"""One Relayboard process per data dir: the embedded vector store opens for one process only, so the process
that runs the agent system holds `<data_dir>/relayboard.pid` (locked, with its pid) and a second one is told
who has it, at once, instead of failing deep inside an MCP server subprocess."""

import fcntl
import os
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from graph.settings import SystemSettings
from tools.errors import UpstreamUnavailable
from tools.settings import StoreSettings

if TYPE_CHECKING:  # `relayboard mcp` takes the lock before its handshake, and loads the agent system after it
    from graph.system import AgentSystem

LOCK_FILE = "relayboard.pid"


class DataDirLocked(UpstreamUnavailable):
    """Another process holds the data dir; the message names the directory and that process's pid."""


@contextmanager
def holding_data_dir(data_dir: Path) -> Iterator[None]:
    """Hold `data_dir` for this process until the block ends (the OS releases it if the process dies).

    Raises:
        DataDirLocked: another process holds it.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    handle = (data_dir / LOCK_FILE).open("a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise DataDirLocked(
                f"the data dir {data_dir.resolve()} is locked by another Relayboard process (pid {holder})"
            ) from None
        handle.truncate(0)
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield
    finally:
        handle.close()  # closing releases the lock


@contextmanager
def holding_own_data_dir(settings: SystemSettings) -> Iterator[None]:
    """Hold the data dir while the block runs when this process starts the retrieval server over the embedded store
    in it (a server store needs no lock; MCP servers over HTTP hold their own data dirs, so workers may share one).

    Raises:
        DataDirLocked: another process holds the data dir.
    """
    embedded = StoreSettings().store_backend == "edge" and settings.mcp_transport == "stdio"
    with holding_data_dir(settings.data_dir) if embedded else nullcontext():
        yield


@asynccontextmanager
async def open_own_system(settings: SystemSettings) -> "AsyncIterator[AgentSystem]":
    """`open_system`, holding the data dir while it runs when this process starts the retrieval server over the
    embedded store in it (MCP servers over HTTP hold their own data dirs, so gateway workers may share one).

    Raises:
        DataDirLocked: another process holds the data dir.
        UpstreamUnavailable: an MCP server did not start.
    """
    from graph.system import open_system

    with holding_own_data_dir(settings):
        async with open_system(settings) as system:
            yield system
