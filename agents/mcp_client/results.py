"""Reading a tool's result: its structured content, its error raised as the kind the server named, its model."""

import json
from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from tools.errors import ERROR_META_KEY, ToolFailed, error_from_code

T = TypeVar("T")


def structured_result(
    name: str, failed: bool, text: str, structured: Any, meta: Mapping[str, Any] | None
) -> dict[str, Any]:
    """A tool's structured result, or its error raised as the kind the result's `_meta` names.

    Our servers name every failure's kind (mcp_servers/errors.py): a caller's mistake stays a 4xx, a fault of
    ours a 5xx. A tool that names none (an external server's `isError`) raises `ToolFailed` with the tool's own
    account: an agent may decline with it, and the gateway reports it as a failed tool (502), not as a mistake
    of the caller's, since nothing says whose fault it was.
    """
    if failed:
        text = text.removeprefix(f"Error executing tool {name}: ")
        error = (meta or {}).get(ERROR_META_KEY)
        if isinstance(error, Mapping) and isinstance(error.get("kind"), str):
            raise error_from_code(error["kind"], text, ToolFailed)
        raise ToolFailed(f"the tool `{name}` failed: {text}")
    if structured is None:
        try:
            structured = json.loads(text)
        except json.JSONDecodeError:
            structured = {"text": text}
    return dict(structured)


_ADAPTERS: dict[type[Any], TypeAdapter[Any]] = {}  # one per result model: building one compiles its schema


def validated(tool: str, structured: object, shape: type[T]) -> T:
    """`structured`, the result of tool `tool`, as a `shape`.

    Raises:
        ToolFailed: it is not one; the message names the first field that differs.
    """
    try:
        adapter = _ADAPTERS.get(shape) or _ADAPTERS.setdefault(shape, TypeAdapter(shape))
        result: T = adapter.validate_python(structured)
        return result
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the result"
        raise ToolFailed(
            f"the tool `{tool}` returned a result that is not a {shape.__name__} ({where}: {first['msg']}): "
            "is its server the same Relayboard version?"
        ) from exc
