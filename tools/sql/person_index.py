"""The full names of people stored in parts (`first_name`, `last_name`): which pairs one row of a table holds.

The value index (tools/sql/profile.py) holds single column values, so "Maria" and "Lopez" are found apart; this
index says whether some row holds both, and how many rows do ("Ann Lee" twice is two people, no one to pick).
It is bounded like the value index: a table with more distinct (first, last) pairs than MAX_PEOPLE_PER_TABLE is
not indexed at all (counted in one scan first, never paged through), and the whole index stops at MAX_PEOPLE
pairs, so a wide schema costs at most that many rows of memory and one counting scan per named table.
"""

from dataclasses import dataclass

from tools.errors import RelayboardError
from tools.sql.database import Database

MAX_PEOPLE_PER_TABLE = 12_000  # as many as a column's values (profile.MAX_VALUES_PER_COLUMN)
MAX_PEOPLE = 60_000  # the whole index, across tables
_PAGE = 200


@dataclass(frozen=True, slots=True)
class PersonName:
    """`rows` rows of `table` hold `first` in `first_column` and `last` in `last_column`."""

    table: str
    first_column: str
    last_column: str
    first: str
    last: str
    rows: int


PersonKey = tuple[str, str, str]  # table, first, last, lower-case


def person_key(table: str, first: str, last: str) -> PersonKey:
    return table.lower(), first.lower(), last.lower()


async def people_named(
    database: Database, table: str, first_column: str, last_column: str, room: int
) -> list[PersonName] | None:
    """Every (first, last) pair some row of `table` holds, with its number of rows; None when there are more than
    MAX_PEOPLE_PER_TABLE pairs or more than `room` (what is left of MAX_PEOPLE), or the table cannot be read."""
    quoted_table = ".".join(map(_quote, table.split(".")))
    first, last = _quote(first_column), _quote(last_column)
    pairs = f"FROM {quoted_table} WHERE {first} IS NOT NULL AND {last} IS NOT NULL GROUP BY {first}, {last}"
    try:
        counted = await database.run(f"SELECT COUNT(*) FROM (SELECT 1 AS one {pairs}) AS pairs")
        total = int(counted.rows[0][0] or 0) if counted.rows else 0
        if total > min(MAX_PEOPLE_PER_TABLE, room):
            return None
        found: list[PersonName] = []
        while len(found) < total:  # a page at a time: a query returns at most the row cap
            page = await database.run(
                f"SELECT {first}, {last}, COUNT(*) {pairs} ORDER BY 1, 2 LIMIT {_PAGE} OFFSET {len(found)}"
            )
            found += [
                PersonName(table, first_column, last_column, str(row[0]), str(row[1]), int(row[2])) for row in page.rows
            ]
            if not page.rows or (len(page.rows) < _PAGE and not page.truncated):
                break
    except RelayboardError:
        return None  # a table the role cannot read has no names to find
    return found


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
