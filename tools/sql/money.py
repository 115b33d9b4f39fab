"""Money in a schema and a question: which columns hold amounts, what an amount is, and which numbers are sums.

A column holds money when it is numeric and its name says so (`price`, `total`, `amount`, `fee`, ...), never by a
database's names. Where one table has both a unit price and a quantity (a line item), its amount is the two
multiplied. A number written with a currency sign or word ("$20", "20 euros") is an amount of money.
"""

import re
from dataclasses import dataclass
from itertools import pairwise

from sqlglot import exp

from tools.sql.candidate import col
from tools.sql.profile import ColumnProfile, DatabaseProfile, TableProfile, name_words
from tools.sql.wording import stem, stems

MONEY_NAMES = frozenset(stems("price total amount cost revenue fee salary charge payment paid wage".split()))
_UNIT_PRICES = frozenset(stems("price cost rate".split()))
_QUANTITIES = frozenset(stems("quantity qty".split()))
# verbs and nouns that ask about money changing hands ("how much did they spend", "revenue it brought in")
MONEY_WORDS = frozenset(
    stems("spend spent pay paid earn earned revenue income money charge charged generate generated".split())
)
# "spent by customers", "paid by members": the "by" after these names who paid, it groups nothing
PAID_BY = frozenset("spent paid earned generated charged brought made".split())
PRICE_WORDS = frozenset(stems("cost costs price priced".split()))  # what one thing is worth
CURRENCY_WORDS = frozenset(stems("dollar dollars euro euros pound pounds usd eur gbp".split()))
_CURRENCY = re.compile(
    r"[$€£¥]\s?(?P<before>\d+(?:\.\d+)?)|(?P<after>\d+(?:\.\d+)?)\s?(?:[$€£¥]|(?:dollars?|euros?|pounds?|usd|eur|gbp)\b)",
    re.IGNORECASE,
)


def is_money(column: ColumnProfile) -> bool:
    """Whether `column` is numeric and named as an amount of money."""
    return column.kind == "number" and bool(stems(name_words(column.name)) & MONEY_NAMES)


@dataclass(frozen=True, slots=True)
class Amount:
    """What one row of `table` is worth: a money column, or a unit price times a quantity."""

    table: TableProfile
    columns: tuple[ColumnProfile, ...]

    @property
    def expression(self) -> exp.Expr:
        parts = [col(self.table.name, column.name) for column in self.columns]
        return parts[0] if len(parts) == 1 else exp.Mul(this=parts[0], expression=parts[1])

    @property
    def words(self) -> frozenset[str]:
        return frozenset().union(*(stems(name_words(column.name)) for column in self.columns))

    @property
    def name(self) -> str:
        return " * ".join(column.name for column in self.columns)


def line_amount(table: TableProfile) -> Amount | None:
    """A unit price times a quantity, when `table` has exactly one of each (a line item). A price "per" a unit
    (`price_per_ton`, `rate_per_hour`) is multiplied by the one other number column named by that unit
    (`tons_sold`, `hours`): summed alone it would add up prices, not money."""
    prices = [c for c in table.columns if is_money(c) and stems(name_words(c.name)) & _UNIT_PRICES]
    counted = [c for c in table.columns if c.kind == "number" and not c.primary_key and c not in prices]
    quantities = [c for c in counted if stems(name_words(c.name)) & _QUANTITIES]
    if len(prices) == 1 and not quantities:
        quantities = [c for c in counted if _per_unit(prices[0]) & stems(name_words(c.name))]
    return Amount(table, (prices[0], quantities[0])) if len(prices) == 1 and len(quantities) == 1 else None


def _per_unit(price: ColumnProfile) -> set[str]:
    """The stem of the unit a price column is "per" (`price_per_ton`: {"ton"}), or none."""
    words = name_words(price.name)
    return {stem(words[i + 1]) for i in range(len(words) - 1) if words[i] == "per"}


def amount_of(profile: DatabaseProfile, table: TableProfile, said_stems: frozenset[str] = frozenset()) -> Amount | None:
    """What a row of `table` is worth, when that is unambiguous: a line item's price times quantity, else its one
    money column. A catalogue price (a column of rows that line items refer to) is what one unit costs, not money
    that changed hands, so such a table has no amount; nor has a table with two money columns."""
    line = line_amount(table)
    if line is not None:
        return line
    money = [c for c in table.columns if is_money(c)]
    if priced_by_lines(profile, table):
        money = [c for c in money if not stems(name_words(c.name)) & _UNIT_PRICES]
    if len(money) > 1:  # "paid a fee": the one money column the question names
        money = [c for c in money if stems(name_words(c.name)) - stems(name_words(table.name)) <= said_stems]
    return Amount(table, (money[0],)) if len(money) == 1 else None


def row_amount(table: TableProfile, said_stems: frozenset[str] = frozenset()) -> Amount | None:
    """What one row of `table` costs or is worth, list prices included: a line item's price times quantity, else
    its only money column, else the one of several whose words are all in `said_stems`."""
    line = line_amount(table)
    if line is not None:
        return line
    money = [c for c in table.columns if is_money(c)]
    if len(money) > 1:
        money = [c for c in money if stems(name_words(c.name)) - stems(name_words(table.name)) <= said_stems]
    return Amount(table, (money[0],)) if len(money) == 1 else None


def priced_by_lines(profile: DatabaseProfile, table: TableProfile) -> bool:
    """Whether line items (rows with a unit price and a quantity) refer to `table`: its price is a list price."""
    for fk in profile.joins(table.name):
        if fk.target_table.lower() == table.name.lower() and fk.table.lower() != table.name.lower():
            other = profile.tables.get(fk.table.lower())
            if other is not None and line_amount(other) is not None:
                return True
    return False


def currency_numbers(written: str, numbers: list[tuple[int, str]]) -> frozenset[int]:
    """The positions of the numbers (`(position, word)` pairs) that `written` marks as money ("$20", "20 euros")."""
    amounts = [m["before"] or m["after"] for m in _CURRENCY.finditer(written)]
    found = set()
    for amount in amounts:
        position = next((i for i, word in numbers if word == amount and i not in found), None)
        if position is not None:
            found.add(position)
    return frozenset(found)


def said(words: list[str], wanted: frozenset[str]) -> frozenset[str]:
    """The stems of `wanted` that `words` say; with MONEY_WORDS, also "bring in" / "brought in" (revenue)."""
    found = {stem(word) for word in words} & wanted
    if wanted is MONEY_WORDS:
        found |= {stem(a) for a, b in pairwise(words) if a in _BRING and b == "in"}
    return frozenset(found)


_BRING = frozenset("bring brings brought bringing".split())
