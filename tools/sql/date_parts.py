"""Parts of a date a question names with no year, meaning every year: a month ("in December"), a quarter or half
"of any year", a day of the week ("on a Sunday", "on weekends"), as conditions on the month or the weekday.

"in March" is `STRFTIME('%m', DATE(d)) = '03'` on SQLite and `TO_CHAR(CAST(d AS DATE), 'MM') = '03'` on
PostgreSQL (one sqlglot tree rendered for each); a weekday is the days since a Sunday modulo 7, the one weekday
formula both render alike (SQLite's `%w` and PostgreSQL's `DOW` have no common sqlglot form). A month needs a
preposition before it ("in", "during"), so "May I see" is no month; a weekday needs "on" ("at / over the
weekend" for a weekend); a quarter or half with no year needs "of any year" or the like ("the second half" alone is of
which year?). A month followed by a number or a relative word ("in March 2023", "in March 5", "in March last year")
is no part of every year: a year is tools/sql/date_phrases.py's. Two parts of one kind ("in March and May") are
none: which is meant, or both separately, is a guess. Which date column a part goes on is tools/sql/date_filters.py.
"""

from dataclasses import dataclass
from typing import Literal

from sqlglot import exp

from tools.sql.date_phrases import HALVES, MONTHS, QUARTERS, verb_before
from tools.sql.profile import DatabaseProfile
from tools.sql.question import Question
from tools.sql.wording import stem

Unit = Literal["month", "weekday"]

_FULL_MONTHS = {name: frozenset({number}) for name, number in MONTHS.items() if len(name) > 3 or name == "may"}
_DAYS = {
    **{
        name: frozenset({day})
        for day, name in enumerate("sunday monday tuesday wednesday thursday friday saturday".split())
    },
    "weekend": frozenset({0, 6}),
    "weekday": frozenset({1, 2, 3, 4, 5}),
}
_WEEK_HALVES = frozenset({"weekend", "weekday"})
_MONTH_LEADS = frozenset("in during throughout".split())
_WEEKEND_LEADS = (("on", "the"), ("at", "the"), ("over", "the"), ("at",), ("during", "the"))
_ARTICLES = frozenset("a an".split())
_RELATIVE = frozenset("last this next previous past coming current".split())
_SPAN_WORDS = frozenset("and to until through till".split())
# Words after a part that say every year is meant; "each year" and "every year" may ask for a figure per year
_ANY_YEAR = tuple(
    tuple(tail.split())
    for tail in (
        "of any year",
        "in any year",
        "of all years",
        "in all years",
        "across all years",
        "over all years",
        "all years together",
        "all years combined",
        "regardless of the year",
        "regardless of year",
        "whatever the year",
    )
)
_SUNDAY = "0001-01-07"  # a Sunday before any stored date, so the days since it are never negative


@dataclass(frozen=True, slots=True)
class PartPhrase:
    """Words `start:end` ask for rows whose date's `unit` is one of `values` (months 1-12; weekdays 0, Sunday, to
    6) in any year. `verb` is the verb that introduces it, as in DatePhrase; `names` are the stems of the words
    naming the part ("sunday", "quarter"); `in_values` are the positions in `question.values` of stored
    values those words also are ("May" a customer's name)."""

    start: int
    end: int
    unit: Unit
    values: frozenset[int]
    words: str
    covers: frozenset[str]
    verb: tuple[int, ...]
    names: frozenset[str]
    in_values: frozenset[int]
    numbers: frozenset[int] = frozenset()

    def condition(self, column: exp.Expr) -> exp.Expr:
        """`column`'s month or weekday is one of `values`; `column` holds dates, timestamps or ISO text."""
        day = exp.TsOrDsToDate(this=column)
        if self.unit == "month":
            part: exp.Expr = exp.TimeToStr(this=day, format=exp.Literal.string("%m"))
            literals: list[exp.Expr] = [exp.Literal.string(f"{value:02d}") for value in sorted(self.values)]
        else:
            sunday = exp.TsOrDsToDate(this=exp.Literal.string(_SUNDAY))
            days = exp.DateDiff(this=day, expression=sunday, unit=exp.var("DAY"))
            part = exp.Mod(this=days, expression=exp.Literal.number(7))
            literals = [exp.Literal.number(value) for value in sorted(self.values)]
        return part.eq(literals[0]) if len(literals) == 1 else part.isin(*literals)


def part_phrases(question: Question) -> list[PartPhrase]:
    """The months, quarters, halves and weekdays `question` names with no year, left to right; none of a kind
    named twice."""
    words = question.words
    found: list[PartPhrase] = []
    at = 0
    while at < len(words):
        read = _month(words, at) or _quarter_or_half(words, at) or _weekday(words, at)
        if read is None:
            at += 1
            continue
        end, unit, values, named = read
        end += _tail(words, end) if unit == "month" else 0
        found.append(_phrase(question, at, end, unit, values, named))
        at = end
    units = [phrase.unit for phrase in found]
    return [phrase for phrase in found if units.count(phrase.unit) == 1]


def stored_as_names(profile: DatabaseProfile, question: Question, part: PartPhrase) -> bool:
    """Whether every stored value the part's words are is in a column that holds only such names (a `day` column
    of weekdays, a `month` column of months): that column is meant, not a date's part. A customer called May is
    no such column: "placed in May" then reads two ways."""
    names = _FULL_MONTHS if part.unit == "month" else _DAYS
    refs = [ref for position in part.in_values for ref in question.values[position].refs]
    return all(
        all(
            str(stored).strip().lower() in names
            for stored in profile.column_values.get((ref.table.lower(), ref.column.lower()), [ref.value])
        )
        for ref in refs
    )


_Read = tuple[int, Unit, frozenset[int], frozenset[int]]  # end, unit, values, positions of the naming words


def _month(words: list[str], at: int) -> _Read | None:
    """A month at the preposition `at`: "in December", "during the month of May", "in March or April"."""
    if words[at] not in _MONTH_LEADS:
        return None
    start = at + 4 if words[at + 1 : at + 4] == ["the", "month", "of"] else at + 1
    listed = _listed(words, start, _FULL_MONTHS)
    if listed is None:
        return None
    end, values, named = listed
    after = words[end] if end < len(words) else ""
    if after[:1].isdigit() or after in _RELATIVE or after in _FULL_MONTHS:
        return None  # "in March 2023", "in March 5", "in March last year"
    then = words[end + 1] if end + 1 < len(words) else ""
    if after in _SPAN_WORDS and (then in _FULL_MONTHS or then[:1].isdigit()):
        return None  # "in March and May", "in March to May"
    if after == "of" and not _tail(words, end):
        return None  # "in March of 2023", "in March of last year"
    return end, "month", values, named


def _quarter_or_half(words: list[str], at: int) -> _Read | None:
    """A quarter or half of any year at `at`: "the first quarter of any year", "Q1 in any year", "H2 of any year"."""
    start = at + 1 if words[at] in _MONTH_LEADS and at + 1 < len(words) else at
    start += 1 if words[start] == "the" else 0
    word = words[start] if start < len(words) else ""
    following = words[start + 1] if start + 1 < len(words) else ""
    if len(word) == 2 and word[0] == "q" and word[1] in "1234":
        which, months, end = int(word[1]), 3, start + 1
    elif len(word) == 2 and word[0] == "h" and word[1] in "12":
        which, months, end = int(word[1]), 6, start + 1
    elif word in QUARTERS and following == "quarter":
        which, months, end = QUARTERS[word], 3, start + 2
    elif word in HALVES and following == "half":
        which, months, end = HALVES[word], 6, start + 2
    else:
        return None
    tail = _tail(words, end)
    if not tail:
        return None  # "the second half": of which year?
    first = months * (which - 1) + 1
    noun = frozenset({end - 1})  # "quarter", "q1": the word that names the part, not its ordinal
    return end + tail, "month", frozenset(range(first, first + months)), noun


def _weekday(words: list[str], at: int) -> _Read | None:
    """Weekdays at the preposition `at`: "on a Sunday", "on Saturdays or Sundays", "on weekends", "at the weekend"."""
    lead = next((len(w) for w in _WEEKEND_LEADS if tuple(words[at : at + len(w)]) == w), 0)
    if lead and at + lead < len(words) and stem(words[at + lead]) == "weekend":
        end, values, named = at + lead + 1, _DAYS["weekend"], frozenset({at + lead})
    elif words[at] == "on":
        start = at + 2 if at + 1 < len(words) and words[at + 1] in _ARTICLES else at + 1
        listed = _listed([stem(word) for word in words], start, _DAYS)  # "Sundays", "weekdays"
        if listed is None:
            return None
        end, values, named = listed
    else:
        return None
    after = words[end] if end < len(words) else ""
    if after[:1].isdigit() or after in _RELATIVE or after in _FULL_MONTHS:
        return None  # "on Sunday 3 March", "on Sunday last week": one day, not every such day
    return end, "weekday", values, named


def _listed(
    words: list[str], start: int, names: dict[str, frozenset[int]]
) -> tuple[int, frozenset[int], frozenset[int]] | None:
    """Names from `names` at `start`, joined by "or" ("March or April"): the end, their numbers, their positions."""
    at, values, named = start, frozenset[int](), set[int]()
    while at < len(words) and words[at] in names:
        values |= names[words[at]]
        named.add(at)
        at += 2 if at + 2 < len(words) and words[at + 1] == "or" and words[at + 2] in names else 1
    return (at, values, frozenset(named)) if named else None


def _tail(words: list[str], end: int) -> int:
    """How many words after `end` say every year is meant ("of any year", "all years together"), or 0."""
    return next((len(tail) for tail in _ANY_YEAR if tuple(words[end : end + len(tail)]) == tail), 0)


def _with_week_halves(names: frozenset[str]) -> frozenset[str]:
    """A weekend names the weekdays too: a `weekend` column says which days are weekdays."""
    return names | _WEEK_HALVES if names & _WEEK_HALVES else names


def _phrase(
    question: Question, start: int, end: int, unit: Unit, values: frozenset[int], named: frozenset[int]
) -> PartPhrase:
    said = question.words[start:end]
    in_values = frozenset(
        position for position, value in enumerate(question.values) if any(value.start <= i < value.end for i in named)
    )
    return PartPhrase(
        start,
        end,
        unit,
        values,
        " ".join(said),
        frozenset(stem(word) for word in said),
        verb_before(question.words, start),
        _with_week_halves(frozenset(stem(question.words[i]) for i in named)),
        in_values,
    )
