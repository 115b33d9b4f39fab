"""An idle deadline for one tool call: it runs out only after so long without an answer or a progress report.

The MCP SDK's `read_timeout_seconds` is a total budget (it stops only while the request waits on a person), and a
progress notification does not move it. A long call that keeps reporting (a summary over a long text, an ingest of
many documents) is working, so here each report pushes the deadline back; a server that goes silent still meets it.
"""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from mcp.shared.dispatcher import ProgressFnT


@asynccontextmanager
async def idle_deadline(idle_s: float, passed_on: ProgressFnT | None) -> AsyncIterator[ProgressFnT]:
    """Yield the progress callback to send with the call: each report moves the deadline to `idle_s` from now,
    then goes on to `passed_on` (if any). Sending a callback also asks the server to report (a progress token).

    Raises:
        TimeoutError: `idle_s` passed with neither the block's end nor a progress report.
    """
    loop = asyncio.get_running_loop()
    running = True
    async with asyncio.timeout(idle_s) as deadline:

        async def on_progress(progress: float, total: float | None, message: str | None) -> None:
            if running and not deadline.expired():  # a report that races the answer or the timeout moves nothing
                deadline.reschedule(loop.time() + idle_s)
            if passed_on is not None:
                await passed_on(progress, total, message)

        try:
            yield on_progress
        finally:
            running = False
