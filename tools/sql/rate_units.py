"""The unit of a rate said in another form than the schema's names say it: `monthly_fee` is a fee a month, so "$80 a
month" and "$80 per month" are read as "$80 monthly", as "an hour" is for `hourly_rate` and "a year" or "yearly"
for `annual_value`.

The question's words are reworded into the schema's adjective, so the column is named and accounted for as if the
question had said it; the reworded words must still be accounted for like any other. A reading that uses the
column without naming it (a price "costs more than 80 monthly" implies) accounts for the adjective too: it states
the unit the column is in.

A unit is reworded only where the schema states it by one adjective and no name is the unit's noun alone (a
`month` column is meant by "month"), and only when the question states it once. "a month" after a word of span
("within a month", "more than a year") is a length of time, not a rate. "per month" may ask for a figure per month
of a date ("revenue per month", "the total per month"), so it is reworded only in a question that asks for no
total, average, count or other grouping, and where no name holds the unit's noun (a `fiscal_year` to group by):
"plans that cost more than $80 per month", "how much is the Gold plan per month".
"""

from collections.abc import Iterable
from dataclasses import dataclass

from sqlglot import exp

from tools.sql.candidate import Candidate
from tools.sql.profile import name_words
from tools.sql.question import Question
from tools.sql.wording import OPERATION_WORDS, Spans, respelled, stem

# adjectives of time units and the noun each is made from ("daily", "annual" are irregular)
ADJECTIVES = {
    "hourly": "hour",
    "daily": "day",
    "nightly": "night",
    "weekly": "week",
    "monthly": "month",
    "quarterly": "quarter",
    "yearly": "year",
    "annual": "year",
    "annually": "year",
}
_ARTICLES = frozenset({"a", "an"})
_PER = "per"
_SPAN = frozenset("in on within for over during after before than under past last next about".split())
# words that ask for a figure over several rows, or a grouping: "per month" beside them may group by a date's month
_AGGREGATING = (
    OPERATION_WORDS["sum"] | OPERATION_WORDS["avg"] | OPERATION_WORDS["group"] | OPERATION_WORDS["count"]
) - {"how", _PER}


@dataclass(frozen=True, slots=True)
class RateUnit:
    """A time unit the schema states by the adjective `adjective`; `named` when some name also holds the unit's
    noun (`weekly_hours` beside `hourly_rate`, a `fiscal_year`), so "per hour" may group by that column."""

    adjective: str
    named: bool


def unit_adjectives(names: Iterable[list[str]]) -> dict[str, RateUnit]:
    """Each time unit that the schema's names (each a list of words) state by exactly one adjective, and that no
    name is the unit's noun alone (a `month` column): {"month": RateUnit("monthly", False)} for `monthly_fee`."""
    names = list(names)
    words = {word for name in names for word in name}
    nouns = {stem(word) for word in words}
    alone = {stem(name[0]) for name in names if len(name) == 1}
    found: dict[str, set[str]] = {}
    for word in words:
        if word in ADJECTIVES:
            found.setdefault(ADJECTIVES[word], set()).add(word)
    return {
        unit: RateUnit(forms.pop(), stem(unit) in nouns)
        for unit, forms in found.items()
        if len(forms) == 1 and stem(unit) not in alone
    }


def reworded(words: list[str], fixed: set[int], units: dict[str, RateUnit]) -> tuple[list[str], set[int]]:
    """`words` with each rate unit stated in another form than `units` gives it put in that form ("80 a month":
    "80 monthly"), and the positions of `fixed` in the new words. Fixed positions (values, numbers, dates) are
    never reworded."""
    spans: Spans = {}  # start -> (end, the schema's adjective)
    for unit, rate in units.items():
        said = [i for i, word in enumerate(words) if i not in fixed and _unit(word) == unit]
        if len(said) != 1 or rate.adjective in words:
            continue
        at = said[0]
        before = words[at - 1] if at and at - 1 not in fixed else ""
        if words[at] in ADJECTIVES:
            spans[at] = (at + 1, (rate.adjective,))  # "yearly" for `annual_value`
        elif before in _ARTICLES and (at < 2 or words[at - 2] not in _SPAN):
            spans[at - 1] = (at + 1, (rate.adjective,))  # "80 a month"
        elif before == _PER and not rate.named and words.count(_PER) == 1 and not set(words) & _AGGREGATING:
            spans[at - 1] = (at + 1, (rate.adjective,))  # "80 per month"
    return respelled(words, fixed, spans)


def with_stated_units(question: Question, found: list[Candidate]) -> list[Candidate]:
    """`found`, each reading that uses a column named with a unit's adjective (`monthly_fee`) accounting for that
    adjective where the question says it outside a stored value."""
    in_value = {i for value in question.values for i in range(value.start, value.end)}
    said = {word for i, word in enumerate(question.words) if word in ADJECTIVES and i not in in_value}
    if not said:
        return found
    return [
        candidate.extended(covers=candidate.covers | stated) if (stated := _stated(candidate, said)) else candidate
        for candidate in found
    ]


def _stated(candidate: Candidate, said: set[str]) -> frozenset[str]:
    """The stems of the adjectives of `said` that a column `candidate` shows, compares, groups or orders by is
    named with (not a key it joins on)."""
    parts: list[exp.Expr] = [*candidate.select, *candidate.where, *candidate.group, *candidate.order]
    if candidate.having is not None:
        parts.append(candidate.having)
    names = {word for part in parts for column in part.find_all(exp.Column) for word in name_words(column.name)}
    return frozenset(stem(word) for word in said & names)


def _unit(word: str) -> str | None:
    """The time unit `word` states: an adjective's noun ("monthly": month), or the noun itself, singular."""
    if word in ADJECTIVES:
        return ADJECTIVES[word]
    return word if word in ADJECTIVES.values() else None
