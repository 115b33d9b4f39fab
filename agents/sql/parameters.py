"""Filling a curated query's typed parameters from the words of a question; never guessing a missing one."""

import re
from typing import Any

_YEAR = re.compile(r"\b(19\d{2}|20\d{2}|2100)\b")
_TOP_N = re.compile(
    r"\b(?:top|first|best|largest|biggest|highest|longest|last)\s+(\d{1,3})\b"
    r"|\b(\d{1,3})\s+(?:best|top|largest|biggest|most|highest|longest|greatest)\b"
    # "which 5 artists sold the most", "the 3 customers who spent most": a count before the noun of a ranking
    r"|\b(?:which|what|the|our)\s+(\d{1,3})\s+(?=[a-z]+\b.*\b(?:most|best|top|largest|biggest|highest|longest|greatest)\b)",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(?![\w.])")
# A proper noun after a preposition: "customers in Germany", "sales for the United Kingdom", "albums by AC/DC".
_PROPER = re.compile(r"\b(?:in|from|for|of|by|at)\s+(?:the\s+)?((?:[A-Z][\w'./&-]*)(?:\s+[A-Z][\w'./&-]*)*)")
_QUOTED = re.compile(r"[\"'“]([^\"'”]{1,80})[\"'”]")
_MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
         ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
         ("november", "nov"), ("december", "dec")],
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH_NAME = re.compile(r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?", re.IGNORECASE)
_ISO_MONTH = re.compile(r"\b(?:19|20)\d{2}-(0[1-9]|1[0-2])\b")
_SUPERLATIVE = re.compile(
    r"\b(?:most|best|top|highest|largest|biggest|longest|greatest|best-selling|top-selling)\b", re.IGNORECASE
)
_WHICH_NOUN = re.compile(r"^\s*(?:which|what)\s+([a-z]+)\b", re.IGNORECASE)
_WHO_IS = re.compile(r"^\s*who\s+(?:is|was)\b", re.IGNORECASE)
_THE_SUPERLATIVE_NOUN = re.compile(
    r"\bthe\s+(?:single\s+)?(?:most\s+[a-z-]+|best-selling|top-selling|best|top|highest|largest|biggest|longest"
    r"|greatest)\s+([a-z]+)\b",
    re.IGNORECASE,
)
_NOT_NOUNS = frozenset("is was are were has have had did do does the a an of one".split())
# Capitalised words that are not values: a question's own words, not names.
_NOT_VALUES = frozenset({"I", "SQL"})
_CAPITALISED = re.compile(r"\b[A-Z][\w'./&-]*")


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


def unused_values(question: str, arguments: dict[str, Any]) -> list[str]:
    """Values the question names (years, numbers, quoted text, capitalised names) that no argument carries.

    A query that ignores a value answers a different question: "customers in Germany" is not "customers".
    """
    strings = " ".join(str(v) for v in arguments.values() if isinstance(v, str)).lower()
    numbers = {float(v) for v in arguments.values() if isinstance(v, int | float) and not isinstance(v, bool)}
    unused: list[str] = []
    for quoted in _QUOTED.findall(question):
        if quoted.strip().lower() not in strings:
            unused.append(quoted)
    text = _QUOTED.sub(" ", question)
    text = _ISO_MONTH.sub(lambda m: m.group(0)[:4], text) if "month" in arguments else text
    for number in _NUMBER.findall(text):
        if float(number) not in numbers:
            unused.append(number)
    for match in _CAPITALISED.finditer(text):
        word = match.group(0).rstrip(".'")
        first = match.start() == 0 or text[: match.start()].rstrip().endswith(("?", ".", "!", ":"))
        if first or word in _NOT_VALUES or word.lower() in strings:
            continue
        if "month" in arguments and word.lower().rstrip(".") in _MONTHS:
            continue
        unused.append(word)
    return unused


def _value_for(name: str, spec: dict[str, Any], question: str, used: set[str]) -> Any:
    kind = spec.get("type")
    hint = f"{name} {spec.get('description', '')}".lower()
    if kind == "integer" and "year" in hint and "month" not in name:
        match = _YEAR.search(question)
        if match:
            used.add(match.group(1))
            return int(match.group(1))
        return None
    if kind == "integer" and "month" in name:
        return _month(question)
    if kind == "integer" and any(word in hint for word in ("limit", "how many", "top", "count of rows")):
        match = _TOP_N.search(question)
        if match:
            number = next(group for group in match.groups() if group)
            used.add(number)
            return int(number)
        return 1 if _asks_for_one(question) else None
    if kind in {"integer", "number"}:
        for match in _NUMBER.finditer(question):
            if match.group(1) not in used and not _YEAR.fullmatch(match.group(1)):
                used.add(match.group(1))
                return int(match.group(1)) if kind == "integer" and match.group(1).isdigit() else float(match.group(1))
        return None
    if kind == "string":
        quoted = _QUOTED.search(question)
        if quoted:
            return quoted.group(1).strip()
        proper = _PROPER.search(question)
        return proper.group(1).strip().rstrip("?.!,") if proper else None
    return None


def _month(question: str) -> int | None:
    iso = _ISO_MONTH.search(question)
    if iso:
        return int(iso.group(1))
    # "may" is also a verb: only a capitalised May counts.
    for match in _MONTH_NAME.finditer(question):
        if match.group(1).lower() != "may" or match.group(1) == "May":
            return _MONTHS[match.group(1).lower()]
    return None


def _asks_for_one(question: str) -> bool:
    """Whether a superlative question asks for a single row ("which genre sells most", "who is the top rep")."""
    if not _SUPERLATIVE.search(question):
        return False
    head = _WHICH_NOUN.match(question)
    if head and head.group(1).lower() not in _NOT_NOUNS:
        return not head.group(1).lower().endswith("s")
    if _WHO_IS.match(question):
        return True
    thing = _THE_SUPERLATIVE_NOUN.search(question)
    noun = thing.group(1).lower() if thing else ""
    return bool(noun) and noun not in _NOT_NOUNS and not noun.endswith("s")
