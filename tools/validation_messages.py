"""Plain sentences for pydantic validation errors, one per field: what was wrong and what is accepted.

Every edge (HTTP 422, the MCP edge, our MCP servers) reports argument errors through here, so a caller reads
"`limit` must be at most 50 (got 500)" rather than pydantic's type codes and documentation URLs.
"""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from tools.names import UUID_PATTERN, VISIBLE_TEXT_PATTERN

_SHOWN_CHARS = 40

# Parts of a location that are not the caller's field names: FastAPI's "body", pydantic's union branches.
_NOT_FIELDS = frozenset({"body", "function-after", "function-before", "function-wrap"})


def field_name(location: Sequence[Any]) -> str:
    """`('body', 'summary', 'max_sentences')` -> `summary.max_sentences` (`body` for the whole body)."""
    parts = [str(part) for part in location if part not in _NOT_FIELDS]
    return ".".join(parts) or "body"


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= _SHOWN_CHARS else f"{text[: _SHOWN_CHARS - 3]}..."


def _got(value: Any) -> str:
    if isinstance(value, str) and len(value) > _SHOWN_CHARS:
        return f"got {len(value)} characters"
    return f"got {_shown(value)}"


def _characters(count: Any) -> str:
    return "1 character" if count == 1 else f"{count} characters"


def error_message(error: Mapping[str, Any]) -> str:
    """One pydantic error dict (from `ValidationError.errors()`) as a sentence naming its field."""
    field = f"`{field_name(error.get('loc', ()))}`"
    kind, ctx, value = str(error.get("type", "")), dict(error.get("ctx") or {}), error.get("input")
    size = len(value) if isinstance(value, str | list | dict) else None
    match kind:
        case "missing":
            return f"{field} is required"
        case "extra_forbidden":
            return f"{field} is not a field of this request: remove it"
        case "string_too_short" if ctx.get("min_length") == 1:
            return f"{field} must not be empty"
        case "string_too_short":
            return f"{field} must be at least {_characters(ctx.get('min_length'))} (got {size})"
        case "string_too_long":
            return f"{field} must be at most {_characters(ctx.get('max_length'))} (got {size})"
        case "too_short":
            return f"{field} must have at least {ctx.get('min_length')} items (got {size})"
        case "too_long":
            return f"{field} must have at most {ctx.get('max_length')} items (got {ctx.get('actual_length', size)})"
        case "less_than_equal":
            return f"{field} must be at most {ctx.get('le')} ({_got(value)})"
        case "less_than":
            return f"{field} must be less than {ctx.get('lt')} ({_got(value)})"
        case "greater_than_equal":
            return f"{field} must be at least {ctx.get('ge')} ({_got(value)})"
        case "greater_than":
            return f"{field} must be greater than {ctx.get('gt')} ({_got(value)})"
        case "literal_error" | "enum":
            return f"{field} must be one of {ctx.get('expected')} ({_got(value)})"
        case "string_pattern_mismatch" if ctx.get("pattern") == UUID_PATTERN:
            return f"{field} is not a UUID ({_got(value)})"
        case "string_pattern_mismatch" if ctx.get("pattern") == VISIBLE_TEXT_PATTERN:
            return f"{field} must not be empty: it holds only whitespace, control or format characters ({_got(value)})"
        case "string_pattern_mismatch":
            return f"{field} must match {ctx.get('pattern')} ({_got(value)})"
        case "string_type":
            return f"{field} must be a string ({_got(value)})"
        case "int_type" | "int_parsing" | "int_from_float":
            return f"{field} must be an integer ({_got(value)})"
        case "float_type" | "float_parsing":
            return f"{field} must be a number ({_got(value)})"
        case "finite_number":
            return f"{field} must be a finite number: JSON has no NaN or Infinity ({_got(value)})"
        case "bool_type" | "bool_parsing":
            return f"{field} must be true or false ({_got(value)})"
        case "dict_type" | "model_type" | "model_attributes_type":
            return f"{field} must be an object ({_got(value)})"
        case "list_type":
            return f"{field} must be a list ({_got(value)})"
        case "json_invalid":
            return f"{field} is not valid JSON"
        case "value_error" | "assertion_error":
            # A validator's own message; pydantic puts "Value error, " in front of it.
            message = str(error.get("msg", "")).removeprefix("Value error, ").removeprefix("Assertion failed, ")
            return f"{field}: {message}"
    return f"{field}: {error.get('msg', 'is not valid')}"


def errors_message(errors: Iterable[Mapping[str, Any]]) -> str:
    """Several pydantic error dicts as one line, one sentence per error."""
    return "; ".join(error_message(error) for error in errors)
