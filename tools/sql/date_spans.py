"""How long something took, as the days between two date columns of one row: "on average, how many days did it take
to close work orders", "the average number of nights guests stayed", "the longest number of weeks from signing the
contract to installation" read as `AVG(days from start to end)` over the rows a count reading keeps.

The unit must be said: "how many" or "number of" right before "days", "nights" or "weeks" (a week is 7 days), or
"how long". The figure is one aggregate the question names (average / mean, maximum / longest, minimum /
shortest) in place of the count of a reading that counts the rows of the dates' table (with its conditions and its
grouping; any join runs from that table to the rows it refers to, so no row repeats). The days are calendar days,
`DATE(end) - DATE(start)` as one sqlglot tree for SQLite and PostgreSQL, and a row missing either date is left out.

The two dates are date columns of one table whose words the question says (a verb form too: "close" names
`closed_date`, "installation" `install_date`). When it names only one, and that one says no start, the start is
the table's one other date whose name says a start (opened, created, start, check in, checkout of a loan...). The
later date is the one after "to" in "from X to Y", else the one whose name says an end (closed, end, returned,
installed, check out...) against one that says a start. Never read: no unit ("how much time", "the average
duration"), a figure with no aggregate (days listed without their rows), two aggregates, a table with two named
starts or three named dates, dates named in two tables, and a pair whose order neither the words nor the names
tell.
"""

from dataclasses import dataclass

from sqlglot import exp

from tools.sql.candidate import Candidate, col
from tools.sql.profile import ColumnProfile, DatabaseProfile, TableProfile, name_words, towards_parents
from tools.sql.question import Question
from tools.sql.wording import stem, stems

_UNITS = {"day": 1, "night": 1, "week": 7}  # days in each unit the question may count
_AGGREGATES: dict[type[exp.AggFunc], frozenset[str]] = {
    exp.Avg: frozenset(stems("average mean avg".split())),
    exp.Max: frozenset(stems("maximum max longest".split())),
    exp.Min: frozenset(stems("minimum min shortest".split())),
}
# Words that name no event of a date column: `closed_date` is the closing, `check_in_on` the check-in.
_DATE_WORDS = frozenset(stems("date time day on at dt datetime timestamp ts".split()))
# Events that begin and end a span, by the stems of a date column's event words: general English of processes.
_STARTS = frozenset(
    {
        *stems("open start begin creat create creation issue borrow checkout sign order placed submit".split()),
        *stems("admit admission arrival arrive enrol enroll register hire booked".split()),
        "check in",
    }
)
_ENDS = frozenset(
    {
        *stems("close end finish complete resolve return install installation deliver discharge".split()),
        *stems("closure completion resolution delivery".split()),
        "check out",
    }
)
_COUNTING = (("how", "many"), ("number", "of"))
_DETERMINERS = frozenset("the a an its their".split())
_DURATION_VERBS = frozenset(stems("take took taken last lasted stay stayed between long".split()))


@dataclass(frozen=True, slots=True)
class Span:
    """The days from `start` to `end` of one row of `table`, in `unit` days, and the stems the phrase accounts for."""

    table: TableProfile
    start: ColumnProfile
    end: ColumnProfile
    unit: int
    aggregate: type[exp.AggFunc]
    words: frozenset[str]

    def tree(self) -> exp.Expr:
        days: exp.Expr = exp.DateDiff(
            this=exp.TsOrDsToDate(this=col(self.table.name, self.end.name)),
            expression=exp.TsOrDsToDate(this=col(self.table.name, self.start.name)),
            unit=exp.var("DAY"),
        )
        if self.unit != 1:
            days = exp.Div(this=days, expression=exp.Literal.number(f"{self.unit}.0"))
        return self.aggregate(this=days)

    def present(self) -> tuple[exp.Expr, ...]:
        return tuple(
            exp.Not(this=exp.Is(this=col(self.table.name, c.name), expression=exp.Null()))
            for c in (self.start, self.end)
        )


def date_span(profile: DatabaseProfile, question: Question) -> Span | None:
    """The one span of days the question asks about, between two dates of one table; None otherwise."""
    said = [stem(word) for word in question.words]
    unit = _unit(question.words)
    aggregates = [kind for kind, words in _AGGREGATES.items() if words & set(said)]
    if unit is None or len(aggregates) != 1:
        return None
    taken = {i for value in question.values for i in range(value.start, value.end)}
    spans = [s for s in (_pair(table, question.words, taken) for table in profile.tables.values()) if s is not None]
    if len(spans) != 1:
        return None
    table, start, end, named = spans[0]
    words = {stem(question.words[unit[1]]), *named, *(_AGGREGATES[aggregates[0]] & set(said))}
    words |= _DURATION_VERBS & set(said)
    return Span(table, start, end, unit[0], aggregates[0], frozenset(words))


def _unit(words: list[str]) -> tuple[int, int] | None:
    """Days per unit and the unit word's position: "how many weeks", "number of nights"; "how long" is days."""
    for index, word in enumerate(words):
        if stem(word) in _UNITS and tuple(words[max(0, index - 2) : index]) in _COUNTING:
            return _UNITS[stem(word)], index
    for index in range(len(words) - 1):
        if (words[index], words[index + 1]) == ("how", "long"):
            return 1, index + 1
    return None


def _events(column: ColumnProfile) -> list[str]:
    return [stem(w) for w in name_words(column.name) if stem(w) not in _DATE_WORDS]


def _kind(column: ColumnProfile) -> str | None:
    events = _events(column)
    phrase = " ".join(events)
    if phrase in _STARTS or (len(events) == 1 and events[0] in _STARTS):
        return "start"
    if phrase in _ENDS or (len(events) == 1 and events[0] in _ENDS):
        return "end"
    return None


def _named_at(column: ColumnProfile, said: list[str], taken: set[int]) -> int | None:
    """Where the question says the column's event words, in order ("checked out" of `check_out_date`)."""
    events = _events(column)
    if not events:
        return None
    for start in range(len(said) - len(events) + 1):
        span = range(start, start + len(events))
        if taken & set(span):
            continue
        if all(_same(event, said[i]) for event, i in zip(events, span, strict=True)):
            return start
    return None


def _same(event: str, word: str) -> bool:
    """One word for the event: the same stem, or a longer form of it ("installation" of `install`)."""
    shorter, longer = sorted((event, word), key=len)
    return shorter == longer or (len(shorter) >= 5 and longer.startswith(shorter))


def _pair(
    table: TableProfile, words: list[str], taken: set[int]
) -> tuple[TableProfile, ColumnProfile, ColumnProfile, set[str]] | None:
    said = [stem(word) for word in words]
    dates = [c for c in table.columns if c.kind == "date"]
    if len(dates) < 2:
        return None
    named = {c.name: at for c in dates if (at := _named_at(c, said, taken)) is not None}
    chosen = [c for c in dates if c.name in named]
    if len(chosen) == 1 and _kind(chosen[0]) != "start":
        starts = [c for c in dates if c is not chosen[0] and _kind(c) == "start"]
        if len(starts) != 1:
            return None
        return table, starts[0], chosen[0], _said(chosen[0], named[chosen[0].name], words)
    if len(chosen) != 2:
        return None
    first, second = sorted(chosen, key=lambda c: named[c.name])
    read = _said(first, named[first.name], words) | _said(second, named[second.name], words)
    if "from" in said[: named[first.name]] and "to" in said[named[first.name] : named[second.name]]:
        return table, first, second, read
    kinds = {_kind(first): first, _kind(second): second}
    if set(kinds) != {"start", "end"}:
        return None
    return table, kinds["start"], kinds["end"], read


def _said(column: ColumnProfile, at: int, words: list[str]) -> set[str]:
    """The stems naming the column's event where the question says them, and a gerund right before its noun
    ("signing the contract" of `contract_date`): the event is the noun's."""
    found = stems(words[at : at + len(_events(column))])
    before = at - 1
    while before >= 0 and words[before] in _DETERMINERS:
        before -= 1
    if before >= 0 and before < at - 1 and words[before].endswith("ing"):
        found.add(stem(words[before]))
    return found


def with_spans(span: Span | None, found: list[Candidate]) -> list[Candidate]:
    """Readings of `found` that count the span's rows, measuring the span's days instead of the count."""
    if span is None:
        return []
    out = []
    for candidate in found:
        reading = _measuring(candidate, span)
        if reading is not None:
            out.append(reading)
    return out


def _measuring(candidate: Candidate, span: Span) -> Candidate | None:
    counts = [part for part in candidate.select if isinstance(part, exp.Count)]
    if len(counts) != 1 or candidate.select[-1] is not counts[0] or not isinstance(counts[0].this, exp.Star):
        return None  # only the count of rows, shown last after any group columns
    if candidate.order or candidate.having or candidate.limit or candidate.distinct or candidate.outer:
        return None
    if any(part.find(exp.AggFunc, exp.Subquery) for part in candidate.select[:-1]):
        return None
    if any(part.find(exp.Subquery, exp.Select) for part in candidate.where):
        return None  # an `IN (SELECT ...)` condition keeps rows counted elsewhere
    if candidate.table.lower() != span.table.name.lower() or not towards_parents(candidate.joins, span.table.name):
        return None  # the dates' rows must be the rows counted, each once (joins only to the rows they refer to)
    present = [p for p in span.present() if p.sql() not in {w.sql() for w in candidate.where}]
    return candidate.extended(
        select=(*candidate.select[:-1], span.tree()),
        where=(*candidate.where, *present),
        covers=candidate.covers | span.words,
        description=f"{span.aggregate.key} days from {span.start.name} to {span.end.name} over {candidate.description}",
    )
