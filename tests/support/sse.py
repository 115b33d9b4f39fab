"""Server-sent events as the tests read them: `/v1/ask/stream` and `/v1/jobs/{id}/events` speak the same framing."""

import json
from collections.abc import Iterable
from typing import Any


def sse_events(lines: Iterable[str]) -> list[tuple[str, dict[str, Any]]]:
    """(event name, JSON data) pairs, in order, from a stream's lines."""
    events: list[tuple[str, dict[str, Any]]] = []
    event = ""
    for line in lines:
        if line.startswith("event: "):
            event = line.removeprefix("event: ")
        elif line.startswith("data: "):
            events.append((event, json.loads(line.removeprefix("data: "))))
    return events
