"""Execution accuracy: does a query's result set equal the gold result set?

Values are compared at cent precision (numbers rounded to two decimals, integers and floats alike), rows as a
multiset unless the question asks for an order, and columns in any order (as Spider's evaluation allows).
`same_result` is the measure; `contains_result` is a looser second figure that also accepts extra columns
(an answer that adds a customer's country to the customer names asked for).
"""

from collections import Counter
from collections.abc import Sequence
from itertools import permutations
from typing import Any

MAX_PERMUTED_COLUMNS = 6  # 720 orders at most; wider results must match column for column
MAX_EXTRA_COLUMNS_WIDTH = 8  # contains_result tries column choices up to this many predicted columns


def _value(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return round(float(value), 2) + 0.0  # + 0.0 turns -0.0 into 0.0
    return value


def _rows(rows: Sequence[Sequence[Any]]) -> list[tuple[Any, ...]]:
    return [tuple(_value(value) for value in row) for row in rows]


def same_result(predicted: Sequence[Sequence[Any]], gold: Sequence[Sequence[Any]], *, ordered: bool) -> bool:
    """Whether `predicted` has the rows of `gold` (in the same order when `ordered`), columns in any order."""
    mine, theirs = _rows(predicted), _rows(gold)
    if len(mine) != len(theirs):
        return False
    if not theirs:
        return True
    width = len(theirs[0])
    if any(len(row) != width for row in mine + theirs):
        return False
    orders = permutations(range(width)) if width <= MAX_PERMUTED_COLUMNS else iter([tuple(range(width))])
    expected: Counter[tuple[Any, ...]] | list[tuple[Any, ...]] = theirs if ordered else Counter(theirs)
    for order in orders:
        arranged = [tuple(row[i] for i in order) for row in mine]
        if (arranged if ordered else Counter(arranged)) == expected:
            return True
    return False


def contains_result(predicted: Sequence[Sequence[Any]], gold: Sequence[Sequence[Any]], *, ordered: bool) -> bool:
    """Whether some of `predicted`'s columns, taken in some order, give exactly `gold`'s rows."""
    mine, theirs = _rows(predicted), _rows(gold)
    if len(mine) != len(theirs):
        return False
    if not theirs:
        return True
    width, available = len(theirs[0]), len(mine[0])
    if available < width or available > MAX_EXTRA_COLUMNS_WIDTH or any(len(row) != available for row in mine):
        return same_result(predicted, gold, ordered=ordered)
    expected: Counter[tuple[Any, ...]] | list[tuple[Any, ...]] = theirs if ordered else Counter(theirs)
    for choice in permutations(range(available), width):
        projected = [tuple(row[i] for i in choice) for row in mine]
        if (projected if ordered else Counter(projected)) == expected:
            return True
    return False
