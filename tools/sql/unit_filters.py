"""Comparisons with a quantity in units ("longer than 10 minutes", "over 5 MB") on the column whose name states a unit.

A column is in a unit only when its name says so (`milliseconds`, `duration_seconds`, `bytes`, `size_kb`); the
question's number is converted to it (10 minutes over `milliseconds` is 600000; 1 MB is 1024 * 1024 bytes). A
subject with no such column, or with two of the same kind, gives no reading: a `duration` or `length` column in
unknown units is never guessed at.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from sqlglot import exp

from tools.sql.candidate import col
from tools.sql.filter_parts import Filters
from tools.sql.profile import ColumnProfile, TableProfile, name_words
from tools.sql.question import Question
from tools.sql.units import KINDS, unit
from tools.sql.wording import stem

# the unit words a column's name may state; "min" and "s" in a name mean other things (a minimum, a plural)
_COLUMN_UNITS = frozenset("millisecond ms second sec minute hour byte kb kilobyte mb megabyte gb gigabyte".split())
_OPERATORS: tuple[tuple[tuple[str, ...], type[exp.Binary]], ...] = (
    (("at", "least"), exp.GTE),
    (("at", "most"), exp.LTE),
    (("no", "more", "than"), exp.LTE),
    (("no", "less", "than"), exp.GTE),
    (("longer", "than"), exp.GT),
    (("shorter", "than"), exp.LT),
    (("larger", "than"), exp.GT),
    (("bigger", "than"), exp.GT),
    (("smaller", "than"), exp.LT),
    (("greater", "than"), exp.GT),
    (("more", "than"), exp.GT),
    (("less", "than"), exp.LT),
    (("over",), exp.GT),
    (("above",), exp.GT),
    (("exceeding",), exp.GT),
    (("under",), exp.LT),
    (("below",), exp.LT),
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """Number `index` in `unit` (a key of one of the unit tables), compared by `operator` (words `start:end`)."""

    index: int
    value: float
    unit: str
    operator: type[exp.Binary]
    start: int
    end: int


def quantities(question: Question) -> list[Quantity]:
    """The comparisons with a number followed by a unit word: "longer than 10 minutes", "over 5 MB"."""
    words = question.words
    found = []
    for number in question.numbers:
        after = number.index + 1
        named = unit(words[after]) if after < len(words) else None
        if named is None or number.is_year:
            continue
        for said, operator in _OPERATORS:
            start = number.index - len(said)
            if start >= 0 and tuple(words[start : number.index]) == said:
                end = after + 2 if after + 1 < len(words) and words[after + 1] in ("long", "big") else after + 1
                found.append(Quantity(number.index, number.value, named, operator, start, end))
                break
    return found


def unit_filters(question: Question, table: TableProfile, quantity: Quantity) -> Iterator[Filters]:
    """`quantity` as a comparison on the one numeric column of `table` whose name states a unit of its kind."""
    kind = next(units for units in KINDS if quantity.unit in units)
    columns = [(column, stated) for column in table.columns if (stated := _column_unit(column, kind)) is not None]
    if len(columns) != 1:
        return
    column, stated = columns[0]
    converted = quantity.value * kind[quantity.unit] / kind[stated]
    literal = exp.Literal.number(int(converted) if float(converted).is_integer() else converted)
    said = question.words[quantity.start : quantity.end]
    yield Filters(
        where=(quantity.operator(this=col(table.name, column.name), expression=literal),),
        covers=frozenset(stem(w) for w in said),
        numbers_used=frozenset({quantity.index}),
        columns=frozenset({(table.name.lower(), column.name.lower())}),
        words=f"{column.name} {' '.join(said)}",
    )


def _column_unit(column: ColumnProfile, kind: dict[str, int]) -> str | None:
    if column.kind != "number" or column.primary_key:
        return None
    stated = {word for w in name_words(column.name) if (word := unit(w)) is not None and word in _COLUMN_UNITS}
    inside = [word for word in stated if word in kind]
    return inside[0] if len(inside) == 1 else None
