"""Comparisons whose column the question implies rather than names: "older than 40" is an age, "costs more than
15" a price, "heavier than 30" a weight, "in their forties" an age from 40 to 49.

A column is implied only by its own name words and type, and only when exactly one column of the subject fits: a
table with two ages (or two money columns) is left for the question to be declined. An age the table stores only
as a birth date is not read ("older than 40" would need today's date).
"""

from collections.abc import Callable, Iterator

from sqlglot import exp

from tools.sql.candidate import col
from tools.sql.filter_parts import Filters
from tools.sql.money import PRICE_WORDS, is_money
from tools.sql.profile import ColumnProfile, TableProfile, name_words
from tools.sql.question import Question
from tools.sql.wording import stem

# comparative -> (the name word of the column it implies, the operator)
_COMPARATIVES: dict[str, tuple[str, type[exp.Binary]]] = {
    "older": ("age", exp.GT),
    "younger": ("age", exp.LT),
    "heavier": ("weight", exp.GT),
    "lighter": ("weight", exp.LT),
    "taller": ("height", exp.GT),
}
_DECADES = {
    word: 10 * tens
    for tens, word in enumerate("twenties thirties forties fifties sixties seventies eighties nineties".split(), 2)
}
_PRICE_COMPARISONS = {
    ("more", "than"): exp.GT,
    ("less", "than"): exp.LT,
    ("over",): exp.GT,
    ("under",): exp.LT,
    ("above",): exp.GT,
    ("below",): exp.LT,
    ("at", "least"): exp.GTE,
    ("at", "most"): exp.LTE,
}


def implied_filters(question: Question, table: TableProfile) -> Iterator[Filters]:
    """Conditions on the one column of `table` that a comparative, a price verb or an age band implies."""
    words = question.words
    numbers = {n.index: n.value for n in question.numbers if not n.is_year or words[n.index - 1 : n.index] == ["than"]}
    for at, word in enumerate(words):
        if word in _COMPARATIVES and words[at + 1 : at + 2] == ["than"] and at + 2 in numbers:
            name, operator = _COMPARATIVES[word]
            column = _named(table, name)
            if column is not None:
                yield _filter(table, column, operator, numbers[at + 2], (word, "than"), at + 2)
        elif stem(word) in PRICE_WORDS and word not in ("price", "prices"):  # "costs more than 15", "priced under 8"
            for said, operator in _PRICE_COMPARISONS.items():
                end = at + 1 + len(said)
                if tuple(words[at + 1 : end]) == said and end in numbers:
                    column = _only(table, is_money)
                    if column is not None:
                        yield _filter(table, column, operator, numbers[end], (word, *said), end)
        elif word in _DECADES and words[at - 2 : at] == ["in", "their"]:  # "patients in their forties"
            column = _named(table, "age")
            if column is not None:
                low = _DECADES[word]
                ref = col(table.name, column.name)
                yield Filters(
                    where=(
                        exp.GTE(this=ref, expression=exp.Literal.number(low)),
                        exp.LT(this=ref.copy(), expression=exp.Literal.number(low + 10)),
                    ),
                    covers=frozenset({stem(word), "in", "their"}),
                    columns=frozenset({(table.name.lower(), column.name.lower())}),
                    words=f"{column.name} from {low} to {low + 9}",
                )


def _named(table: TableProfile, word: str) -> ColumnProfile | None:
    return _only(table, lambda column: column.kind == "number" and word in name_words(column.name))


def _only(table: TableProfile, fits: Callable[[ColumnProfile], bool]) -> ColumnProfile | None:
    found = [column for column in table.columns if not column.primary_key and fits(column)]
    return found[0] if len(found) == 1 else None


def _filter(
    table: TableProfile,
    column: ColumnProfile,
    operator: type[exp.Binary],
    value: float,
    said: tuple[str, ...],
    index: int,
) -> Filters:
    literal = exp.Literal.number(int(value) if value.is_integer() else value)
    return Filters(
        where=(operator(this=col(table.name, column.name), expression=literal),),
        covers=frozenset(stem(w) for w in said),
        numbers_used=frozenset({index}),
        columns=frozenset({(table.name.lower(), column.name.lower())}),
        words=f"{column.name} {' '.join(said)} {literal.sql()}",
    )
