"""Which tables a deployment lets queries read, checked on the parsed statement."""

from sqlglot import exp

from tools.errors import QueryRejected

# The `_meta` key of an MCP tool call that narrows the tables this one caller (an API key) may read.
CALLER_TABLES_META_KEY = "relayboard/sql_tables"


class TableAllowList:
    """Entries are `table`, `schema.table` or `schema.*`, matched case-insensitively; empty allows every table.

    A table named without a schema is read from `default_schema` (`main` in SQLite, `public` in PostgreSQL)
    and also matches a bare entry; CTE names are the query's own and are not tables.
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

    def check(self, statement: exp.Query) -> None:
        """Refuse a statement that reads a table outside the list.

        Raises:
            QueryRejected: names the table and lists what may be read.
        """
        if not self.active:
            return
        ctes = {cte.alias_or_name.lower() for cte in statement.find_all(exp.CTE)}
        for table in statement.find_all(exp.Table):
            # SQLite's table-valued pragmas (pragma_table_info(...)) describe other tables: treat them as tables.
            name = table.this.name if isinstance(table.this, exp.Anonymous) else table.name
            if not name or (isinstance(table.this, exp.Func) and not name.lower().startswith("pragma_")):
                continue
            if not table.db and name.lower() in ctes:
                continue
            if not self.allows(name, table.db):
                named = f"{table.db}.{name}" if table.db else name
                raise QueryRejected(
                    f"the table {named} is not readable {self._who}; readable: {', '.join(self._entries) or 'none'}"
                )

    def filter(self, tables: list[str]) -> list[str]:
        """The tables of `tables` (names, optionally `schema.name`) the list allows."""
        return [t for t in tables if self.allows(t.rsplit(".", 1)[-1], t.rsplit(".", 1)[0] if "." in t else "")]
