"""Filling a curated query's typed parameters from the words of a question; never guessing a missing one."""

import re
from typing import Any

_YEAR = re.compile(r"\b(19\d{2}|20\d{2}|2100)\b")
_TOP_N = re.compile(
    r"\b(?:top|first|best|largest|biggest|highest)\s+(\d{1,3})\b|\b(\d{1,3})\s+(?:best|top|largest|biggest|most)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(?![\w.])")
# A proper noun after a preposition: "customers in Germany", "sales for the United Kingdom".
_PROPER = re.compile(r"\b(?:in|from|for|of|by|at)\s+(?:the\s+)?((?:[A-Z][\w'.-]*)(?:\s+[A-Z][\w'.-]*)*)")


class MissingParameter(ValueError):
    """A required parameter could not be read from the question."""

    def __init__(self, name: str, description: str) -> None:
        super().__init__(f"the question does not say which {name} ({description})")
        self.name = name


def fill_parameters(question: str, schema: dict[str, Any]) -> dict[str, Any]:
    """Arguments for a tool's JSON input schema, read from `question`; defaults are left to the server.

    Raises:
        MissingParameter: a required parameter has no value in the question.
    """
    properties: dict[str, dict[str, Any]] = schema.get("properties", {})
    required = set(schema.get("required", []))
    arguments: dict[str, Any] = {}
    used_numbers: set[str] = set()
    for name, spec in properties.items():
        value = _value_for(name, spec, question, used_numbers)
        if value is not None:
            arguments[name] = value
        elif name in required:
            raise MissingParameter(name, str(spec.get("description", spec.get("type", "value"))))
    return arguments


def _value_for(name: str, spec: dict[str, Any], question: str, used: set[str]) -> Any:
    kind = spec.get("type")
    hint = f"{name} {spec.get('description', '')}".lower()
    if kind == "integer" and "year" in hint:
        match = _YEAR.search(question)
        if match:
            used.add(match.group(1))
            return int(match.group(1))
        return None
    if kind == "integer" and any(word in hint for word in ("limit", "how many", "top", "count of rows")):
        match = _TOP_N.search(question)
        if match:
            return int(match.group(1) or match.group(2))
        return None
    if kind in {"integer", "number"}:
        for match in _NUMBER.finditer(question):
            if match.group(1) not in used and not _YEAR.fullmatch(match.group(1)):
                used.add(match.group(1))
                return int(match.group(1)) if kind == "integer" and match.group(1).isdigit() else float(match.group(1))
        return None
    if kind == "string":
        quoted = re.search(r"[\"'“]([^\"'”]{1,80})[\"'”]", question)
        if quoted:
            return quoted.group(1).strip()
        proper = _PROPER.search(question)
        return proper.group(1).strip() if proper else None
    return None
