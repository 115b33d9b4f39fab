"""Dates a question names: a year, a month of a year, a quarter, a half year, a decade, and comparisons with them,
as half-open ranges.

"in March 2010" is [2010-03-01, 2010-04-01); "after 2003" starts where 2003 ends; "before June 2012" ends where
June begins; "since", "until", "through" and "up to" take the period named in; "between 2010 and 2012" and
"from 2010 to 2012" span both ends; "in 2013 and 2014" (and "across 2013 and 2014 together") is either year, a row
dated in one of them; "the second half of 2024" is [2024-07-01, 2025-01-01), "the 2020s" is
[2020-01-01, 2030-01-01). Fiscal and relative periods ("last month", "this year") are not read. Only English and
numbers are read here; which column a range goes on is tools/sql/date_filters.py.
"""

import re
from dataclasses import dataclass, replace
from datetime import date

from sqlglot import exp

from tools.sql.question import Question
from tools.sql.wording import stem, verb_like

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "january jan",
            "february feb",
            "march mar",
            "april apr",
            "may",
            "june jun",
            "july jul",
            "august aug",
            "september sep sept",
            "october oct",
            "november nov",
            "december dec",
        ),
        start=1,
    )
    for name in names.split()
}
QUARTERS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "last": 4}
HALVES = {"first": 1, "1st": 1, "former": 1, "second": 2, "2nd": 2, "latter": 2, "last": 2}
_DECADE = re.compile(r"(1[89]|2[01])[0-9]0s")  # "the 1990s", "the 2020s"
_STARTING = {"after": "after", "since": "since"}  # a range that begins at the period
_ENDING = {"before": "before", "until": "through", "till": "through", "through": "through"}
_TWO_WORD = {("prior", "to"): "before", ("up", "to"): "through", ("earlier", "than"): "before"}
_SPANS = {"between": "and", "from": "to"}  # "between A and B", "from A to B"
_SPAN_ENDS = frozenset("and to until through till".split())
_PARTICLES = frozenset("up out off down on aboard".split())  # "signed up since 2020", "came aboard in 1999"
_LEADS = frozenset("in during throughout across of on".split())
# "2013 and 2014 together": the two years pooled, said after them; "both" before them asks for each at once
_POOLED = frozenset("together combined altogether".split())
_EACH = frozenset("both each".split())
_EVENT_VERBS = frozenset(stem(word) for word in "happen occur fall come came".split())  # "came aboard in 1999"


@dataclass(frozen=True, slots=True)
class Period:
    """Words `start:end` name the dates from `low` up to (not including) `high`; `numbers` are its years."""

    start: int
    end: int
    low: date
    high: date
    numbers: frozenset[int]


@dataclass(frozen=True, slots=True)
class DatePhrase:
    """A condition on a date: from `low` (inclusive) to `high` (exclusive); None is open on that side.

    `verb` is the position of the verb that introduces it ("issued in", "signed up since"), if there is one: a
    date column the question does not name is what that verb is about only when it is the one date to hand.
    `also` are further ranges, any of which a date may fall in instead; `pooled` says two years are joined by
    "and" ("in 2013 and 2014", one range when they touch): such a phrase is read only on a row's own date, which
    lies in one year, never on dates of rows it has (a customer's orders "in 2013 and 2014" may be in each).
    """

    start: int
    end: int
    low: date | None
    high: date | None
    numbers: frozenset[int]
    words: str
    covers: frozenset[str]
    verb: tuple[int, ...] = ()
    also: tuple[tuple[date, date], ...] = ()
    pooled: bool = False  # two periods joined by "and": either of them

    def condition(self, column: exp.Expr) -> exp.Expr:
        """`column` within the range (or any of `also`): plain comparisons that ISO text, dates and timestamps all
        order alike."""
        if self.also:
            ranges = ((self.low, self.high), *self.also)
            return exp.or_(*(exp.and_(column >= _day(low), column < _day(high)) for low, high in ranges))
        bounds: list[exp.Expr] = []
        if self.low is not None:
            bounds.append(column >= exp.Literal.string(self.low.isoformat()))
        if self.high is not None:
            bounds.append(column < exp.Literal.string(self.high.isoformat()))
        return exp.and_(*bounds)

    def year_condition(self, column: exp.Expr) -> exp.Expr | None:
        """`column`, a number holding calendar years (`founded_year`), within the range; None when the range does
        not start and end on the first of a year ("in March 2010" says more than a year column holds)."""
        ranges = ((self.low, self.high), *self.also)
        if any(day is not None and (day.month, day.day) != (1, 1) for pair in ranges for day in pair):
            return None
        conditions = []
        for low, high in ranges:
            bounds: list[exp.Expr] = []
            if low is not None:
                bounds.append(column >= exp.Literal.number(low.year))
            if high is not None:
                bounds.append(column < exp.Literal.number(high.year))
            conditions.append(exp.and_(*bounds))
        return exp.or_(*conditions) if len(conditions) > 1 else conditions[0]


def _day(day: date | None) -> exp.Expr:
    assert day is not None  # pooled ranges are bounded on both sides
    return exp.Literal.string(day.isoformat())


def date_phrases(question: Question) -> list[DatePhrase]:
    """The date conditions of `question`, left to right; each year it names is in at most one of them. Two periods
    that no "between" or "from ... to" joins give none: their years are left for the question to be declined."""
    periods = _periods(question)
    words = question.words
    found: list[DatePhrase] = []
    index = 0
    while index < len(periods):
        period = periods[index]
        before = words[period.start - 1] if period.start > 0 else ""
        two = tuple(words[period.start - 2 : period.start]) if period.start > 1 else ()
        following = periods[index + 1] if index + 1 < len(periods) else None
        span = _SPANS.get(words[period.start - 1] if period.start > 0 else "")
        if span and following is not None and words[period.end : following.start] in ([span], *_ends(span)):
            phrase = _phrase(question, period.start - 1, following.end, period.low, following.high, period, following)
            index += 2
        elif (pooled := _pooled(question, period, following)) is not None:
            phrase = pooled
            index += 2
        elif two in _TWO_WORD:
            phrase = _compared(question, period, _TWO_WORD[two], period.start - 2)
            index += 1
        elif before in _STARTING or before in _ENDING:
            phrase = _compared(question, period, _STARTING.get(before) or _ENDING[before], period.start - 1)
            index += 1
        else:
            lead = period.start - 1 if before in _LEADS else period.start
            phrase = _phrase(question, lead, period.end, period.low, period.high, period)
            index += 1
        found.append(phrase)
    bounded = [phrase for phrase in found if phrase.low is not None and phrase.high is not None]
    # "in 2010 and 2011" means either year, never both at once: two periods outside one span are no reading
    return found if len(bounded) < 2 else []


def _pooled(question: Question, period: Period, following: Period | None) -> DatePhrase | None:
    """Either of two years joined by "and" ("in 2013 and 2014", "during 2013 and 2014 together"), after a word
    that leads a period ("in", "during", "across") or a verb; "both 2013 and 2014" is not."""
    words = question.words
    if following is None or words[period.end : following.start] != ["and"]:
        return None
    if not (_whole_year(period) and _whole_year(following)):
        return None  # "the second half of 2024 and 2025": of each year, or all of 2025, is a guess
    before = words[period.start - 1] if period.start > 0 else ""
    if before in _EACH or not (before in _LEADS or verb_like(before)):
        return None
    start = period.start - 1 if before in _LEADS else period.start
    end = following.end + 1 if following.end < len(words) and words[following.end] in _POOLED else following.end
    phrase = replace(_phrase(question, start, end, period.low, period.high, period, following), pooled=True)
    if period.high >= following.low and following.high >= period.low:  # touching or overlapping: one range
        return replace(phrase, low=min(period.low, following.low), high=max(period.high, following.high))
    return replace(phrase, also=((following.low, following.high),))


def _whole_year(period: Period) -> bool:
    return period.low == date(period.low.year, 1, 1) and period.high == date(period.low.year + 1, 1, 1)


def _ends(span: str) -> list[list[str]]:
    return [[word] for word in _SPAN_ENDS] if span == "to" else []


def _compared(question: Question, period: Period, how: str, start: int) -> DatePhrase:
    low, high = {
        "after": (period.high, None),
        "since": (period.low, None),
        "before": (None, period.low),
        "through": (None, period.high),
    }[how]
    return _phrase(question, start, period.end, low, high, period)


def _phrase(
    question: Question, start: int, end: int, low: date | None, high: date | None, *periods: Period
) -> DatePhrase:
    words = question.words
    said = words[start:end]
    described = " ".join(said)
    verb = verb_before(words, start)
    covers = {stem(w) for w in said} | {"year", stem("during")}
    return DatePhrase(
        start, end, low, high, frozenset().union(*(p.numbers for p in periods)), described, frozenset(covers), verb
    )


def verb_before(words: list[str], start: int) -> tuple[int, ...]:
    """The verb right before a date phrase, with its particle: "issued", "signed up", "placed", "happen"."""
    at = start - 1
    if at >= 0 and words[at] in _LEADS:
        at -= 1
    particle = at if at >= 0 and words[at] in _PARTICLES else None
    if particle is not None:
        at -= 1
    if at >= 0 and (verb_like(words[at]) or stem(words[at]) in _EVENT_VERBS):
        return (at,) if particle is None else (at, particle)
    return ()


def _periods(question: Question) -> list[Period]:
    """Years, months of a year ("March 2010", "March of 2010") and quarters ("the first quarter of 2011",
    "Q1 2011"), as written; a word that is a stored value is never a month."""
    words = question.words
    in_value = {i for value in question.values for i in range(value.start, value.end)}
    found: list[Period] = []
    for number in question.numbers:
        if not number.is_year:
            continue
        year, at = int(number.value), number.index
        start, low, high = at, date(year, 1, 1), date(year + 1, 1, 1)
        lead = at - 1 if at > 0 and words[at - 1] in ("of", "in") else at
        if lead > 0 and lead - 1 not in in_value and words[lead - 1] in MONTHS:
            month = MONTHS[words[lead - 1]]
            start, low = lead - 1, date(year, month, 1)
            high = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
        elif (quarter := _quarter(words, lead)) is not None:
            start, number_of = quarter
            low = date(year, 3 * number_of - 2, 1)
            high = date(year + 1, 1, 1) if number_of == 4 else date(year, 3 * number_of + 1, 1)
        elif (half := _half(words, lead)) is not None:
            start, number_of = half
            low = date(year, 6 * number_of - 5, 1)
            high = date(year + 1, 1, 1) if number_of == 2 else date(year, 7, 1)
        elif at + 1 < len(words) and _quarter_word(words[at + 1]) is not None:  # "2011 Q1"
            number_of = _quarter_word(words[at + 1]) or 1
            low = date(year, 3 * number_of - 2, 1)
            high = date(year + 1, 1, 1) if number_of == 4 else date(year, 3 * number_of + 1, 1)
            found.append(Period(start, at + 2, low, high, frozenset({at})))
            continue
        if start > 0 and words[start - 1] == "the":
            start -= 1
        if start > 0 and words[start - 1] == "year":
            start -= 1
            if start > 0 and words[start - 1] == "the":
                start -= 1
        found.append(Period(start, at + 1, low, high, frozenset({at})))
    for at, word in enumerate(words):
        if _DECADE.fullmatch(word) and at not in in_value:
            year = int(word[:4])
            start = at - 1 if at > 0 and words[at - 1] == "the" else at
            found.append(Period(start, at + 1, date(year, 1, 1), date(year + 10, 1, 1), frozenset()))
    return sorted(found, key=lambda period: period.start)


def _quarter(words: list[str], lead: int) -> tuple[int, int] | None:
    """Where a quarter named before the year starts, and which: "the first quarter of", "Q3"."""
    if lead > 0 and (number := _quarter_word(words[lead - 1])) is not None:
        return lead - 1, number
    if lead > 1 and words[lead - 1] == "quarter" and words[lead - 2] in QUARTERS:
        return lead - 2, QUARTERS[words[lead - 2]]
    return None


def _half(words: list[str], lead: int) -> tuple[int, int] | None:
    """Where a half year named before the year starts, and which: "the second half of", "H1"."""
    if lead > 0 and len(words[lead - 1]) == 2 and words[lead - 1][0] == "h" and words[lead - 1][1] in "12":
        return lead - 1, int(words[lead - 1][1])
    if lead > 1 and words[lead - 1] == "half" and words[lead - 2] in HALVES:
        return lead - 2, HALVES[words[lead - 2]]
    return None


def _quarter_word(word: str) -> int | None:
    return int(word[1]) if len(word) == 2 and word[0] == "q" and word[1] in "1234" else None
