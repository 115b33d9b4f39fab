"""The WHERE readings of a question for one subject table: stored values, years, and comparisons with numbers."""

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import product

from sqlglot import exp

from tools.sql.candidate import col, join_path, merge_joins, table_ref
from tools.sql.profile import DatabaseProfile, ForeignKey, TableProfile
from tools.sql.question import Question, column_stems, mentioned
from tools.sql.wording import stem

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
)


@dataclass(frozen=True, slots=True)
class Filters:
    """One reading of the question's conditions; `columns` are the filtered columns (not worth projecting)."""

    where: tuple[exp.Expr, ...] = ()
    joins: tuple[ForeignKey, ...] = ()
    covers: frozenset[str] = frozenset()
    values_used: frozenset[int] = frozenset()
    numbers_used: frozenset[int] = frozenset()
    columns: frozenset[tuple[str, str]] = frozenset()
    cost: float = 0.0
    words: str = ""


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
    """Every way of placing the question's values and years on `table` and the tables its keys reach."""
    options: list[list[Filters]] = []
    for position, value in enumerate(question.values):
        placed = []
        for ref in value.refs:
            path = join_path(profile, table.name, ref.table)
            owner = profile.tables.get(ref.table.lower())
            column = owner.column(ref.column) if owner else None
            if path is None or owner is None or column is None:
                continue
            named = column_stems(owner, column)
            # A value that other values contain reads two ways, equal or containing: equally plain, so the
            # proposer answers only if both give the same rows.
            doubt = 0.5 if profile.contained(ref) else 0.0
            readings: list[exp.Expr] = [col(ref.table, ref.column).eq(exp.Literal.string(ref.value))]
            if doubt:
                readings.append(col(ref.table, ref.column).like(exp.Literal.string(f"%{ref.value}%")))
            placed += [
                Filters(
                    where=(condition,),
                    joins=path,
                    covers=frozenset(named | {stem(w) for w in question.words[value.start : value.end]}),
                    values_used=frozenset({position}),
                    columns=frozenset({(ref.table.lower(), ref.column.lower())}),
                    cost=_join_cost(path, table.name) + (0.0 if mentioned(named, question) else 0.1) + doubt,
                    words=f"{' '.join(named)} {'contains' if isinstance(condition, exp.Like) else 'is'} {ref.value}",
                )
                for condition in readings
            ]
        if not placed:
            return
        options.append(placed)
    for number in question.numbers:
        if number.is_year:
            options.append([Filters(), *_years(profile, table, number.index, int(number.value))])
    for comparison in comparisons(question):
        options.append([Filters(), *_compared(table, question, comparison)])
    for comparison in average_comparisons(question):
        options.append([Filters(), *_against_average(table, question, comparison)])
    for count, combination in enumerate(product(*options)):
        if count >= MAX_FILTER_READINGS:
            return
        filtered = [column for part in combination if part.values_used for column in part.columns]
        if len(filtered) == len(set(filtered)):  # one column equal to two values at once is never true
            yield _combined(combination)


def _join_cost(path: tuple[ForeignKey, ...], start: str) -> float:
    """A join per key; a join to a table that refers to the subject repeats its rows, so it costs more."""
    cost, table = 0.0, start.lower()
    for fk in path:
        upwards = fk.table.lower() == table
        cost += 1.0 if upwards else 1.5
        table = fk.target_table.lower() if upwards else fk.table.lower()
    return cost


def _years(profile: DatabaseProfile, table: TableProfile, index: int, year: int) -> Iterator[Filters]:
    owners = [(table, ())] + [
        (profile.tables[other], (fk,))
        for fk in profile.joins(table.name)
        if (other := (fk.target_table if fk.table.lower() == table.name.lower() else fk.table).lower())
        in profile.tables
        and other != table.name.lower()
    ]
    for owner, path in owners:
        for column in owner.columns:
            if column.kind != "date":
                continue
            ref = col(owner.name, column.name)
            yield Filters(
                where=(
                    exp.and_(ref >= exp.Literal.string(f"{year}-01-01"), ref < exp.Literal.string(f"{year + 1}-01-01")),
                ),
                joins=path,
                covers=frozenset(column_stems(owner, column) | {"year"}),
                numbers_used=frozenset({index}),
                columns=frozenset({(owner.name.lower(), column.name.lower())}),
                cost=len(path) + 0.1,
                words=f"{' '.join(column_stems(owner, column))} in {year}",
            )


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
    return Filters(
        where=tuple(condition for part in parts for condition in part.where),
        joins=merge_joins(*(part.joins for part in parts)),
        covers=frozenset().union(*(part.covers for part in parts)),
        values_used=frozenset().union(*(part.values_used for part in parts)),
        numbers_used=frozenset().union(*(part.numbers_used for part in parts)),
        columns=frozenset().union(*(part.columns for part in parts)),
        cost=sum(part.cost for part in parts),
        words=" and ".join(part.words for part in parts if part.words),
    )
