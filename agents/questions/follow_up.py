"""Follow-ups that only change a value ("And in 2011?", "What about Canada?", "and the top 10?"): the thread's
previous query again, with the new value in place of the old one. Anything else is not a follow-up."""

import re
from dataclasses import dataclass
from typing import Literal

_FOLLOW_UP = re.compile(r"^\s*(?:and\s+)?(?:what|how)\s+about\b(?P<a>[^?]*)\??\s*$|^\s*and\b(?P<b>[^?]*)\??\s*$", re.I)
_YEAR = re.compile(r"^(?:(?:in|for|during)\s+)?(?P<year>(?:19|20)\d\d)$", re.I)
_TOP = re.compile(r"^(?:(?:the|for\s+the)\s+)?top\s+(?P<n>\d{1,4})$", re.I)
_VALUE = re.compile(r"^(?:(?:in|for|from|with|the)\s+)?(?P<value>[\w][\w '&./-]{0,60})$", re.I)
MAX_VALUE_WORDS = 4


@dataclass(frozen=True, slots=True)
class Change:
    kind: Literal["year", "limit", "value"]
    value: int | str


def follow_up_change(question: str) -> Change | None:
    """The one value a follow-up changes, or None when the question is not such a follow-up."""
    found = _FOLLOW_UP.match(question)
    if not found:
        return None
    rest = (found["a"] or found["b"] or "").strip(" ,.")
    if year := _YEAR.match(rest):
        return Change("year", int(year["year"]))
    if top := _TOP.match(rest):
        return Change("limit", int(top["n"]))
    value = _VALUE.match(rest)
    if value and len(value["value"].split()) <= MAX_VALUE_WORDS and not value["value"].isdigit():
        return Change("value", value["value"].strip())
    return None
