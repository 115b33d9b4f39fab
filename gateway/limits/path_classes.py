"""Concurrency caps on the expensive kinds of request, shared fairly: no key may hold more than half the slots."""

import asyncio
import re
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from gateway.limits.settings import LimitSettings

_CLASSES: list[tuple[str, re.Pattern[str], str]] = [
    # SQL and summaries run inside an answer: the question is the unit the gateway can hold back.
    ("POST", re.compile(r"^/v1/ask(/stream)?$"), "ask"),
    ("POST", re.compile(r"^/v1/collections/[^/]+/documents$"), "ingest"),
    ("PUT", re.compile(r"^/v1/collections/[^/]+/points$"), "ingest"),
]


def path_class(method: str, path: str) -> str | None:
    """The expensive kind of request `method path` is ("ask", "ingest"), or None for a cheap one."""
    for wanted, pattern, name in _CLASSES:
        if method == wanted and pattern.match(path):
            return name
    return None


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a request was not admitted: 429 (this key's share is taken) or 503 (the queue is full)."""

    status: int
    detail: str


class PathGate:
    """At most `slots` requests of one kind run at once, `queue_depth` more wait; one key holds at most half."""

    def __init__(self, name: str, slots: int, queue_depth: int) -> None:
        self.name, self._slots, self._queue_depth = name, slots, queue_depth
        self._running = asyncio.Semaphore(slots)
        self._share = max(1, slots // 2)
        self._holding: Counter[str] = Counter()  # running or waiting, per key
        self._waiting = 0

    def _refusal(self, who: str) -> Refusal | None:
        if self._holding[who] >= self._share:
            detail = (
                f"the key of {who} already has {self._holding[who]} {self.name} requests running or waiting; "
                f"one key may have {self._share} at once so other keys get a turn: retry when one finishes"
            )
            return Refusal(429, detail)
        if self._running.locked() and self._waiting >= self._queue_depth:
            detail = (
                f"{self.name} requests are all busy ({self._waiting} waiting for {self._slots} slots): retry shortly "
                f"(RELAYBOARD_{self.name.upper()}_CONCURRENCY, RELAYBOARD_QUEUE_DEPTH set the room)"
            )
            return Refusal(503, detail)
        return None

    @asynccontextmanager
    async def admit(self, who: str) -> AsyncIterator[Refusal | None]:
        """Hold one slot for `who` while the block runs; yields the refusal instead when there is no room."""
        refusal = self._refusal(who)
        if refusal is not None:
            yield refusal
            return
        self._holding[who] += 1
        self._waiting += 1
        try:
            try:
                await self._running.acquire()
            finally:
                self._waiting -= 1
            try:
                yield None
            finally:
                self._running.release()
        finally:
            self._holding[who] -= 1


def path_gates(settings: LimitSettings) -> dict[str, PathGate]:
    """One gate per expensive kind of request."""
    return {
        "ask": PathGate("ask", settings.ask_concurrency, settings.queue_depth),
        "ingest": PathGate("ingest", settings.ingest_concurrency, settings.queue_depth),
    }
