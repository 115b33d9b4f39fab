"""Server-sent events: one event as the text/event-stream wire format, and the headers such a response sends."""

import json
from typing import Any

SSE_HEADERS = {"cache-control": "no-cache", "x-accel-buffering": "no"}


def sse_event(event: str | None, data: Any, *, event_id: int | None = None) -> str:
    """`data` as JSON (a str is sent as it is), under `event` (None: the default `message`), with an id."""
    lines = [] if event_id is None else [f"id: {event_id}"]
    if event is not None:
        lines.append(f"event: {event}")
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, default=str)
    lines.append(f"data: {text}")
    return "\n".join(lines) + "\n\n"
