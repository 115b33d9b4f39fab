"""One reading of a question's conditions, and what a join to reach a condition costs."""

from dataclasses import dataclass

from sqlglot import exp

from tools.sql.profile import ForeignKey


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
    negates: bool = False  # a value's condition took the question's "not"


def join_cost(path: tuple[ForeignKey, ...], start: str) -> float:
    """A join per key; a join to a table that refers to the subject repeats its rows, so it costs more."""
    cost, table = 0.0, start.lower()
    for fk in path:
        upwards = fk.table.lower() == table
        cost += 1.0 if upwards else 1.5
        table = fk.target_table.lower() if upwards else fk.table.lower()
    return cost
