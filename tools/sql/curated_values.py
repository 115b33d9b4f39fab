"""Which column each string parameter of a curated query stands for, and a check that a value is stored there.

`WHERE LOWER(Country) = LOWER(:country)` makes `:country` a `Customer.Country`: "Calgary" is a city, and a count
of customers whose country is Calgary (0) answers a question nobody asked. A value the column does not hold is
refused, so the caller (or the extractive agent) reads the question another way.
"""

from typing import Any

from sqlglot import exp, parse_one
from sqlglot.errors import SqlglotError

from tools.errors import NotFound
from tools.sql.curated import CuratedQuery
from tools.sql.database import Database

MAX_SHOWN = 5  # stored values named in the refusal, so the caller sees what the parameter takes


def value_columns(query: CuratedQuery, dialect: str) -> dict[str, tuple[str, str]]:
    """`parameter -> (table, column)` for string parameters compared for equality with one column, wrapped or
    not (`LOWER(g.Name) = LOWER(:genre)`); a parameter whose column cannot be told (an unqualified name over
    several tables) is left out, unchecked."""
    try:
        tree = parse_one(query.sql, read=dialect)
    except SqlglotError:
        return {}
    aliases = {(table.alias_or_name).lower(): table.name for table in tree.find_all(exp.Table)}
    tables = sorted(set(aliases.values()))
    found: dict[str, tuple[str, str]] = {}
    for equality in tree.find_all(exp.EQ):
        for side, other in ((equality.left, equality.right), (equality.right, equality.left)):
            placeholder = side if isinstance(side, exp.Placeholder) else side.find(exp.Placeholder)
            spec = query.parameters.get(str(placeholder.this)) if placeholder is not None else None
            columns = list(other.find_all(exp.Column)) if not other.find(exp.Placeholder) else []
            if placeholder is None or spec is None or spec.type != "string" or len(columns) != 1:
                continue
            column = columns[0]
            table = aliases.get(column.table.lower()) if column.table else (tables[0] if len(tables) == 1 else None)
            if table is not None:
                found[str(placeholder.this)] = (table, column.name)
    return found


async def ensure_stored(
    query: CuratedQuery, database: Database, arguments: dict[str, Any], columns: dict[str, tuple[str, str]]
) -> None:
    """Refuse a string argument its column does not hold (compared case-insensitively, as the queries do).

    Raises:
        NotFound: the value is not stored in the parameter's column; the message names a few that are.
        QueryRejected, QueryTimeout, UpstreamUnavailable: as `Database.run` raises them.
    """
    for name, (table, column) in columns.items():
        value = arguments.get(name)
        if not isinstance(value, str):
            continue
        # unquoted, as curated SQL is written: PostgreSQL folds the names to those of its copy
        target, source = exp.column(column), exp.to_table(table)
        lookup = (
            exp.select(target)
            .from_(source)
            .where(exp.func("LOWER", target.copy()).eq(exp.func("LOWER", exp.Placeholder(this="value"))))
            .limit(1)
        )
        if (await database.run(lookup.sql(dialect=database.dialect), {"value": value})).rows:
            continue
        some = exp.select(target.copy()).distinct().from_(source.copy()).order_by(target.copy())
        shown = (await database.run(some.limit(MAX_SHOWN).sql(dialect=database.dialect))).rows
        examples = ", ".join(str(row[0]) for row in shown)
        raise NotFound(
            f"{query.name}: `{name}` is a {table}.{column}, and no {table}.{column} is {value!r}"
            + (f"; stored values include {examples}" if examples else "")
        )
