"""The WHERE readings of a question for one subject table: stored values, years, and comparisons with numbers."""

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import product

from sqlglot import exp

from tools.sql.candidate import col, merge_joins, table_ref
from tools.sql.conjoined_values import conjoined_filters, conjunctions
from tools.sql.date_filters import date_filters
from tools.sql.date_parts import part_phrases, stored_as_names
from tools.sql.date_phrases import date_phrases
from tools.sql.filter_parts import Filters
from tools.sql.flags import flag_filters
from tools.sql.full_names import full_names, name_filters
from tools.sql.implied_measures import implied_filters
from tools.sql.money_filters import money_comparisons
from tools.sql.pending_events import event_filters
from tools.sql.presence import presence_filters
from tools.sql.profile import DatabaseProfile, TableProfile
from tools.sql.question import Question, column_stems
from tools.sql.substrings import substring_filters
from tools.sql.unit_filters import quantities, unit_filters
from tools.sql.value_filters import value_filters
from tools.sql.wording import stem

__all__ = ["Filters", "average_comparisons", "comparisons", "filter_readings"]

MAX_FILTER_READINGS = 24
_COMPARISONS = (
    (("at", "least"), exp.GTE, "ge"),
    (("at", "most"), exp.LTE, "le"),
    (("more", "than"), exp.GT, "gt"),
    (("greater", "than"), exp.GT, "gt"),
    (("larger", "than"), exp.GT, "gt"),
    (("higher", "than"), exp.GT, "gt"),
    (("over",), exp.GT, "gt"),
    (("above",), exp.GT, "gt"),
    (("less", "than"), exp.LT, "lt"),
    (("fewer", "than"), exp.LT, "lt"),
    (("lower", "than"), exp.LT, "lt"),
    (("smaller", "than"), exp.LT, "lt"),
    (("under",), exp.LT, "lt"),
    (("below",), exp.LT, "lt"),
    (("exactly",), exp.EQ, "eq"),  # "exactly one loan", "only one book": a count per group equal to N
    (("only",), exp.EQ, "eq"),
)


@dataclass(frozen=True, slots=True)
class Comparison:
    """A comparison ("more than 100") at number `index`: an operator to put before the number."""

    index: int  # the number's word, or the word "average" for "above the average"
    operator: type[exp.Binary]
    words: tuple[str, ...]
    start: int  # where the operator's words begin


def comparisons(question: Question) -> list[Comparison]:
    """Comparisons with a number: "more than 100", "under age 30" (the operator, at most two words, the number)."""
    found = []
    for number in question.numbers:
        for words, operator, _ in _COMPARISONS:
            starts = range(max(0, number.index - len(words) - 2), number.index - len(words) + 1)
            start = next((s for s in starts if tuple(question.words[s : s + len(words)]) == words), None)
            if start is not None:
                found.append(Comparison(number.index, operator, words, start))
                break
    return found


def average_comparisons(question: Question) -> list[Comparison]:
    """Comparisons with the column's own average: "above the average", "below average"."""
    found = []
    for index, word in enumerate(question.words):
        if word != "average":
            continue
        for words, operator, _ in _COMPARISONS:
            for gap in (0, 1):  # "below average", "below the average"
                start = index - gap - len(words)
                if start >= 0 and tuple(question.words[start : start + len(words)]) == words:
                    found.append(Comparison(index, operator, words, start))
    return found[:1]


def _near(question: Question, named: set[str], first: int, last: int) -> bool:
    """Whether every word of a column's name occurs between words `first` and `last` (so it is what is compared)."""
    window = {stem(w) for w in question.words[max(0, first) : last + 1]}
    return named <= window


def filter_readings(profile: DatabaseProfile, question: Question, table: TableProfile) -> Iterator[Filters]:
    """Every way of placing the question's values and years on `table` and the tables its keys reach.

    Values joined by "or" are one condition on a column that holds them all (none: no reading); two values joined
    by "both ... and" or "but not" on a column of rows that refer to the subject are a subquery each; a value right
    after "not" is a condition on the subject or a table it refers to, negated; a date (a year, a month, a quarter,
    or a comparison with one) is a range on a date column, a month or weekday of every year a condition on its
    part; a quantity in units is compared in the column's unit.
    """
    options: list[list[Filters]] = []
    grouped = {position: group for group in question.alternatives for position in group}
    fragments = substring_filters(profile, question, table)
    matched = frozenset().union(*(part.values_used for part in fragments))  # values a LIKE may read instead
    names = {name.first: name for name in full_names(question, profile)}  # "Maria Lopez": one row's two parts
    # "both Algebra and Biology": two values of the rows that refer to the subject, placed together
    pairs = {
        pair.first: found
        for pair in conjunctions(profile, question)
        if (found := conjoined_filters(profile, question, table, pair))
    }
    for position in range(len(question.values)):
        group = grouped.get(position, (position,))
        if position != group[0] or position - 1 in names or position - 1 in pairs:
            continue  # placed with the first value of its "or" group, of its full name, or of its pair
        if position in pairs:
            placed = pairs[position]
        elif position in names:
            placed = name_filters(profile, question, table, names[position])
        else:
            placed = value_filters(profile, question, table, group) + ([Filters()] if position in matched else [])
        if not placed:
            return
        options.append(placed)
    for phrase in date_phrases(question):
        options.append([Filters(), *date_filters(profile, question, table, phrase)])
    for part in part_phrases(question):
        placed = list(date_filters(profile, question, table, part))
        if not part.in_values:
            options.append([Filters(), *placed])
        elif placed and not stored_as_names(profile, question, part):
            return  # "placed in May" with a customer called May: the month or the customer is a guess
        # else the stored value is the reading: "on Sunday" of a text `day` column of weekdays
    for comparison in comparisons(question):
        money = money_comparisons(question, table, comparison.index, comparison.operator, comparison.words)
        options.append([Filters(), *_compared(table, question, comparison), *money])
    for quantity in quantities(question):
        options.append([Filters(), *unit_filters(question, table, quantity)])
    if fragments:
        options.append([Filters(), *fragments])
    implied = list(implied_filters(question, table))  # "older than 40", "in their forties"
    if implied:
        options.append([Filters(), *implied])
    flagged = list(flag_filters(profile, question, table))  # "which volumes were withdrawn": withdrawn = 'Y'
    if flagged:
        options.append([Filters(), *flagged])
    present = list(presence_filters(profile, question, table))
    if present:
        options.append([Filters(), *present])
    for event in event_filters(profile, question, table):  # "loans not yet returned": return_date IS NULL
        options.append([Filters(), event])
    for comparison in average_comparisons(question):
        options.append([Filters(), *_against_average(table, question, comparison)])
    for count, combination in enumerate(product(*options)):
        if count >= MAX_FILTER_READINGS:
            return
        filtered = [column for part in combination if part.values_used for column in part.columns]
        used = [position for part in combination for position in part.values_used]
        numbers = [number for part in combination for number in part.numbers_used]
        # one column equal to two values at once is never true; one value is read once (equal, or contained), and
        # so is a number ("over 5 MB" is not also 5 bytes)
        ok = len(filtered) == len(set(filtered)) and len(used) == len(set(used)) and len(numbers) == len(set(numbers))
        if ok:
            yield _combined(combination)


def _compared(table: TableProfile, question: Question, comparison: Comparison) -> Iterator[Filters]:
    """A comparison on a numeric column of `table` that the question names."""
    value = next(n.value for n in question.numbers if n.index == comparison.index)
    literal = exp.Literal.number(int(value) if value.is_integer() else value)
    for column in table.columns:
        named = column_stems(table, column)
        if column.kind != "number" or not _near(question, named, comparison.start - 3, comparison.index + 2):
            continue
        yield Filters(
            where=(comparison.operator(this=col(table.name, column.name), expression=literal),),
            covers=frozenset(named | {stem(w) for w in comparison.words}),
            numbers_used=frozenset({comparison.index}),
            columns=frozenset({(table.name.lower(), column.name.lower())}),
            words=f"{' '.join(named)} {' '.join(comparison.words)} {literal.sql()}",
        )


def _against_average(table: TableProfile, question: Question, comparison: Comparison) -> Iterator[Filters]:
    """`column > (SELECT AVG(column) FROM table)` for a numeric column named around the comparison."""
    for column in table.columns:
        named = column_stems(table, column)
        if column.kind != "number" or not _near(question, named, comparison.start - 4, comparison.index + 4):
            continue
        average = exp.select(exp.Avg(this=col(table.name, column.name))).from_(table_ref(table.name)).subquery()
        yield Filters(
            where=(comparison.operator(this=col(table.name, column.name), expression=average),),
            covers=frozenset(named | {stem(w) for w in comparison.words} | {"averag"}),
            numbers_used=frozenset(),
            columns=frozenset({(table.name.lower(), column.name.lower())}),
            words=f"{' '.join(named)} {' '.join(comparison.words)} the average",
        )


def _combined(parts: tuple[Filters, ...]) -> Filters:
    seen: set[str] = set()
    kept = []  # "still open, with no close date yet": two phrases, one condition, said once
    for part in parts:
        new = [condition for condition in part.where if condition.sql() not in seen]
        seen |= {condition.sql() for condition in part.where}
        kept.append((part, new))
    return Filters(
        where=tuple(condition for _, new in kept for condition in new),
        joins=merge_joins(*(part.joins for part in parts)),
        covers=frozenset().union(*(part.covers for part in parts)),
        values_used=frozenset().union(*(part.values_used for part in parts)),
        numbers_used=frozenset().union(*(part.numbers_used for part in parts)),
        columns=frozenset().union(*(part.columns for part in parts)),
        cost=sum(part.cost for part in parts),
        words=" and ".join(part.words for part, new in kept if part.words and (new or not part.where)),
        negates=any(part.negates for part in parts),
    )
