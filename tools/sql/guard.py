"""Parsing SQL with sqlglot and refusing anything but one read-only query."""

import logging
import re

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError

from tools.errors import QueryRejected
from tools.sql.allowlist import TableAllowList

# sqlglot logs a warning when it falls back to an opaque Command; we reject those ourselves.
logging.getLogger("sqlglot").setLevel(logging.ERROR)

# Node types that write, change the schema, or reach outside the database, wherever they appear.
_FORBIDDEN_NODES: tuple[type[exp.Expression], ...] = (
    exp.Insert,
    exp.Update,
    exp.Delete,
    exp.Merge,
    exp.Create,
    exp.Drop,
    exp.Alter,
    exp.TruncateTable,
    exp.Command,
    exp.Pragma,
    exp.Attach,
    exp.Detach,
    exp.Copy,
    exp.Into,
    exp.Grant,
    exp.Transaction,
    exp.Commit,
    exp.Rollback,
    exp.Set,
    exp.Use,
    exp.LoadData,
    exp.Analyze,
    exp.Lock,  # SELECT ... FOR UPDATE/SHARE takes row locks
)
_BARE_NAME = re.compile(r"[\w$]+")
_FORBIDDEN_FUNCTIONS = frozenset(
    {
        "load_extension",
        "readfile",
        "writefile",
        "edit",
        "fts3_tokenizer",
        "pg_read_file",
        "pg_read_binary_file",
        "pg_ls_dir",
        "pg_ls_logdir",
        "pg_ls_waldir",
        "pg_ls_tmpdir",
        "pg_ls_archive_statusdir",
        "pg_file_write",
        "pg_file_rename",
        "pg_file_unlink",
        "pg_logdir_ls",
        "pg_reload_conf",
        "pg_rotate_logfile",
        "pg_switch_wal",
        "pg_create_restore_point",
        "pg_promote",
        "pg_notify",
        "pg_advisory_lock",
        "pg_advisory_xact_lock",
        "pg_try_advisory_lock",
        "lo_create",
        "lo_creat",
        "lo_unlink",
        "lo_put",
        "lo_from_bytea",
        "lo_get",
        "lo_open",
        "loread",
        "lowrite",
        "nextval",
        "setval",
        "txid_current",
        "pg_stat_file",
        "lo_import",
        "lo_export",
        "dblink",
        "dblink_exec",
        "pg_sleep",
        "set_config",
        "pg_terminate_backend",
        "pg_cancel_backend",
        "query_to_xml",
        "copy",
    }
)


def ensure_read_only(sql: str, dialect: str = "sqlite", allowed: TableAllowList | None = None) -> exp.Query:
    """Parse `sql` and return it if it is exactly one read-only query (SELECT, WITH ... SELECT, UNION).

    Functions are matched by name wherever they appear, schema-qualified or not (`pg_catalog.pg_read_file`).

    Raises:
        QueryRejected: empty, unparsable, several statements, a write/DDL/admin construct or file/network
            function anywhere, or a table outside `allowed`.
    """
    text = sql.strip()
    if not text:
        raise QueryRejected("the SQL is empty: send one SELECT statement")
    try:
        statements = [s for s in sqlglot.parse(text, read=dialect) if s is not None]
    except ParseError as exc:
        first = exc.errors[0]["description"] if exc.errors else str(exc)
        raise QueryRejected(f"the SQL does not parse ({first}): send one valid SELECT statement") from exc
    if len(statements) != 1:
        raise QueryRejected(f"found {len(statements)} statements: send exactly one SELECT (no `;`-separated batches)")
    statement = statements[0]
    for node in statement.walk():
        if isinstance(node, _FORBIDDEN_NODES):
            raise QueryRejected(f"`{_statement_word(node)}` is not allowed: only read-only SELECT queries run here")
        if isinstance(node, exp.Identifier) and not node.quoted and not _BARE_NAME.fullmatch(node.name):
            # e.g. a full-width semicolon that one parser reads as part of a name and another might not
            raise QueryRejected(f"the name {node.name!r} has characters that need quoting: quote it or remove them")
        if isinstance(node, exp.Func) and _function_name(node) in _FORBIDDEN_FUNCTIONS:
            raise QueryRejected(f"the function `{_function_name(node)}` is not allowed in queries")
    if not isinstance(statement, exp.Query):
        raise QueryRejected("only SELECT queries run here: start the statement with SELECT or WITH ... SELECT")
    if allowed is not None:
        allowed.check(statement)
    return statement


def _function_name(node: exp.Func) -> str:
    if isinstance(node, exp.Anonymous):
        return str(node.name).lower()
    return node.sql_name().lower()


def _statement_word(node: exp.Expression) -> str:
    if isinstance(node, exp.Command):
        return str(node.this).upper()
    return node.key.upper()
