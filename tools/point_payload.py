"""The bounds of a point's payload: how deep it nests, how large it is, and that its numbers are finite."""

import json
import math
from typing import Any

MAX_PAYLOAD_DEPTH = 32
MAX_PAYLOAD_BYTES = 65_536


def _place(path: list[str]) -> str:
    return ".".join(path) or "the payload itself"


def check_payload(payload: dict[str, Any]) -> dict[str, Any]:
    """`payload` unchanged, when it nests at most MAX_PAYLOAD_DEPTH levels, holds only finite numbers and is at most
    MAX_PAYLOAD_BYTES as JSON.

    The walk is iterative: a payload nested a thousand levels deep must be refused here, not overflow the stack
    (nor, past this check, hang the MCP server whose JSON reader stops at about 200 levels).

    Raises:
        ValueError: the bound it breaks, and where in the payload.
    """
    stack: list[tuple[Any, int, list[str]]] = [(payload, 1, [])]
    while stack:
        value, depth, path = stack.pop()
        if isinstance(value, dict | list):
            if depth > MAX_PAYLOAD_DEPTH:
                raise ValueError(
                    f"nests deeper than {MAX_PAYLOAD_DEPTH} levels (at {_place(path)}): flatten it, the limit is "
                    f"{MAX_PAYLOAD_DEPTH} levels of objects and lists"
                )
            items = value.items() if isinstance(value, dict) else enumerate(value)
            stack.extend((child, depth + 1, [*path, str(key)]) for key, child in items)
        elif isinstance(value, float) and not math.isfinite(value):
            raise ValueError(
                f"holds {value} at {_place(path)}: JSON has no NaN or Infinity, send a finite number or null"
            )
    size = len(json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=str).encode())
    if size > MAX_PAYLOAD_BYTES:
        raise ValueError(
            f"is {size} bytes as JSON, more than the limit of {MAX_PAYLOAD_BYTES}: keep large data in `text` or "
            "elsewhere, and a reference to it in the payload"
        )
    return payload
