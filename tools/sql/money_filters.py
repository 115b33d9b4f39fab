"""Amounts of money compared with what a row is worth: "invoices over $20", "tracks that cost more than 0.99
dollars"."""

from collections.abc import Iterator

from sqlglot import exp

from tools.sql.filter_parts import Filters
from tools.sql.money import CURRENCY_WORDS, MONEY_WORDS, PRICE_WORDS, row_amount, said
from tools.sql.profile import TableProfile
from tools.sql.question import Question
from tools.sql.wording import stem


def money_comparisons(
    question: Question, table: TableProfile, index: int, operator: type[exp.Binary], said_as: tuple[str, ...]
) -> Iterator[Filters]:
    """A number written as money ("$20") at `index`, compared (`operator`, worded `said_as`) with the one thing a
    row of `table` is worth: a line item's price times quantity, else its only money column. Two money columns
    and none named: no reading (which one?)."""
    if index not in question.money:
        return
    amount = row_amount(table)
    if amount is None:
        return
    value = next(n.value for n in question.numbers if n.index == index)
    literal = exp.Literal.number(int(value) if value.is_integer() else value)
    words = said(question.words, CURRENCY_WORDS | MONEY_WORDS | PRICE_WORDS)
    yield Filters(
        where=(operator(this=amount.expression, expression=literal),),
        covers=frozenset(amount.words | words | {stem(w) for w in said_as}),
        numbers_used=frozenset({index}),
        columns=frozenset({(table.name.lower(), column.name.lower()) for column in amount.columns}),
        words=f"{amount.name} {' '.join(said_as)} {literal.sql()}",
    )
