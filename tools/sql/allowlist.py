"""Which tables a deployment lets queries read, checked on the parsed statement."""

from sqlglot import exp
from sqlglot.optimizer.normalize_identifiers import normalize_identifiers
from sqlglot.optimizer.scope import traverse_scope

from tools.errors import QueryRejected


class TableAllowList:
    """Entries are `table`, `schema.table` or `schema.*`, matched case-insensitively; empty allows every table.

    A table named without a schema is read from `default_schema` (`main` in SQLite, `public` in PostgreSQL)
    and also matches a bare entry; a CTE's name is the query's own, and not a table, only where the CTE is visible.
    """

    def __init__(
        self, entries: list[str], *, default_schema: str, who: str = "in this deployment", empty_allows_all: bool = True
    ) -> None:
        self._who, self._empty_allows_all = who, empty_allows_all
        self._default = default_schema.lower()
        self._entries = [entry.strip() for entry in entries if entry.strip()]
        self._tables = {entry.lower() for entry in self._entries if not entry.endswith(".*")}
        self._bare = {entry for entry in self._tables if "." not in entry}
        self._schemas = {entry.lower()[:-2] for entry in self._entries if entry.endswith(".*")}

    @property
    def active(self) -> bool:
        return bool(self._entries) or not self._empty_allows_all

    @property
    def entries(self) -> list[str]:
        return list(self._entries)

    def allows(self, table: str, schema: str = "") -> bool:
        if not self.active:
            return True
        name, schema = table.lower(), schema.lower()
        if not schema:
            return name in self._bare or f"{self._default}.{name}" in self._tables or self._default in self._schemas
        in_default = schema == self._default and name in self._bare
        return in_default or f"{schema}.{name}" in self._tables or schema in self._schemas

    def check(self, statement: exp.Query, dialect: str) -> None:
        """Refuse a statement that reads a table outside the list.

        A name is taken for a CTE only where that CTE is visible (sqlglot's scopes, names normalised the way
        `dialect` resolves them); everywhere else it is the table of that name.

        Raises:
            QueryRejected: names the table and lists what may be read, or says the statement's scopes could
                not be worked out.
        """
        if not self.active:
            return
        for table in tables_read(statement, dialect):
            name = table.this.name if isinstance(table.this, exp.Anonymous) else table.name
            if not self.allows(name, table.db):
                named = f"{table.db}.{name}" if table.db else name
                raise QueryRejected(
                    f"the table {named} is not readable {self._who}; readable: {', '.join(self._entries) or 'none'}"
                )

    def filter(self, tables: list[str]) -> list[str]:
        """The tables of `tables` (names, optionally `schema.name`) the list allows."""
        return [t for t in tables if self.allows(t.rsplit(".", 1)[-1], t.rsplit(".", 1)[0] if "." in t else "")]


def tables_read(statement: exp.Query, dialect: str) -> list[exp.Table]:
    """The tables `statement` reads: every table reference that is not a CTE visible in its own scope.

    A reference sqlglot's scopes do not place (or place in one scope as a CTE and in another not) counts as a
    table, so what the analysis misses is checked rather than skipped. Table-valued functions are not tables.

    Raises:
        QueryRejected: the scopes of the statement cannot be built.
    """
    normalised = normalize_identifiers(statement.copy(), dialect=dialect)
    try:
        scopes = traverse_scope(normalised)
    except Exception as exc:  # any failure of the analysis on untrusted SQL: refuse rather than guess
        raise QueryRejected(
            f"could not work out which tables the query reads ({exc}): simplify it, e.g. name each CTE once, "
            "at the top, and avoid nested WITH clauses"
        ) from exc
    verdicts: dict[int, bool] = {}
    for scope in scopes:
        for table in scope.tables:
            is_cte = not table.db and not table.catalog and table.name in scope.cte_sources
            verdicts[id(table)] = verdicts.get(id(table), True) and is_cte
    read = []
    for original, table in zip(statement.find_all(exp.Table), normalised.find_all(exp.Table), strict=True):
        # SQLite's table-valued pragmas (pragma_table_info(...)) describe other tables: treat them as tables.
        name = original.this.name if isinstance(original.this, exp.Anonymous) else original.name
        if not name or (isinstance(original.this, exp.Func) and not name.lower().startswith("pragma_")):
            continue
        if not verdicts.get(id(table), False):
            read.append(original)
    return read
