"""Request records written off the request path: queued as each answer is sent, inserted a batch at a time."""

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager, suppress

from gateway.usage.store import RequestRecord, UsageStore

logger = logging.getLogger(__name__)
MAX_BATCH = 256


class RecordWriter:
    """One task inserts the records queued meanwhile, each batch in one transaction (one insert statement for
    many rows instead of one per request). `on_written` hears of each batch once it is stored, or failed to be
    (then logged). Nothing queued is lost on a clean shutdown: leaving `running` writes what is queued first."""

    def __init__(self, store: UsageStore, on_written: Callable[[Sequence[RequestRecord]], None]) -> None:
        self._store, self._on_written = store, on_written
        self._queue: asyncio.Queue[RequestRecord] = asyncio.Queue()

    def put(self, record: RequestRecord) -> None:
        """Queue `record`; it is written soon (the request need not wait)."""
        self._queue.put_nowait(record)

    async def flushed(self) -> None:
        """Return once every record queued so far is written (a report reads its own requests)."""
        await self._queue.join()

    @asynccontextmanager
    async def running(self) -> AsyncIterator["RecordWriter"]:
        task = asyncio.create_task(self._write_forever(), name="request records")
        try:
            yield self
        finally:
            await self._queue.join()
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task

    async def _write_forever(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while len(batch) < MAX_BATCH and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            try:
                await self._store.add_all(batch)
            except Exception:  # the answers are sent; a failed write must not stop the next ones
                logger.exception("could not write %d request record(s)", len(batch))
            finally:
                self._on_written(batch)
                for _ in batch:
                    self._queue.task_done()
