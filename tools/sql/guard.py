"""Parsing SQL with sqlglot and refusing anything but one read-only query."""

import logging
import re

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError

from tools.errors import QueryRejected
from tools.sql.allowlist import TableAllowList
from tools.sql.parse_errors import parser_failure, tokenizer_failure

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
# Functions and tables that describe the host rather than the data: files, paths, addresses, settings, builds,
# other sessions. SQLite's table-valued pragmas (`pragma_*`) are refused as PRAGMA is; see _is_host_table.
_HOST_FUNCTIONS = frozenset(
    {
        "sqlite_compileoption_get",
        "sqlite_compileoption_used",
        "sqlite_source_id",
        "sqlite_version",
        "sqlite_offset",
        "fsdir",
        "zipfile",
        "current_setting",
        "version",
        "current_version",  # sqlglot's name for version() and sqlite_version()
        "inet_server_addr",
        "inet_server_port",
        "inet_client_addr",
        "inet_client_port",
        "pg_current_logfile",
        "pg_tablespace_location",
        "pg_postmaster_start_time",
        "pg_conf_load_time",
        "pg_backend_pid",
        "pg_get_backend_memory_contexts",
        "pg_show_all_settings",
        "pg_show_all_file_settings",
        "pg_hba_file_rules",
        "pg_ident_file_mappings",
        "pg_config",
        "pg_control_system",
        "pg_control_checkpoint",
        "pg_control_init",
        "pg_control_recovery",
        "pg_stat_get_activity",
    }
)
_HOST_TABLES = frozenset(
    {
        "sqlite_dbpage",
        "dbstat",
        "fsdir",
        "zipfile",
        "pg_settings",
        "pg_file_settings",
        "pg_hba_file_rules",
        "pg_ident_file_mappings",
        "pg_config",
        "pg_stat_activity",
        "pg_stat_ssl",
        "pg_stat_gssapi",
        "pg_stat_replication",
        "pg_stat_wal_receiver",
        "pg_backend_memory_contexts",
        "pg_shmem_allocations",
        "pg_shadow",
        "pg_authid",
        "pg_user_mappings",
    }
)


def ensure_read_only(sql: str, dialect: str = "sqlite", allowed: TableAllowList | None = None) -> exp.Query:
    """Parse `sql` and return it if it is exactly one read-only query (SELECT, WITH ... SELECT, UNION).

    Functions are matched by name wherever they appear, schema-qualified or not (`pg_catalog.pg_read_file`).

    Raises:
        QueryRejected: empty, unparsable (the message says what and where), several statements, a
            write/DDL/admin construct, a file/network function or a view of the host (paths, settings, addresses,
            table-valued pragmas) anywhere, or a table outside `allowed`.
    """
    if not sql.strip():
        raise QueryRejected("the SQL is empty: send one SELECT statement")
    try:
        # Parsed as sent (not stripped), so the line and column in an error are the caller's own.
        statements = [s for s in sqlglot.parse(sql, read=dialect) if s is not None]
    except TokenError as exc:
        raise tokenizer_failure(exc, sql) from exc
    except ParseError as exc:
        raise parser_failure(exc) from exc
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
        if isinstance(node, exp.Func) and _function_name(node) in _HOST_FUNCTIONS:
            raise QueryRejected(
                f"the function `{_function_name(node)}` describes the database server, not its data, and is not "
                "allowed: query the tables (list_tables and describe_table show them)"
            )
        if isinstance(node, exp.Table) and _is_host_table(node):
            raise QueryRejected(
                f"`{_table_name(node)}` describes the database server, not its data, and is not allowed: "
                "query the tables (list_tables and describe_table show them)"
            )
    if not isinstance(statement, exp.Query):
        raise QueryRejected("only SELECT queries run here: start the statement with SELECT or WITH ... SELECT")
    if allowed is not None:
        allowed.check(statement, dialect)
    return statement


def _table_name(node: exp.Table) -> str:
    return str(node.this.name if isinstance(node.this, exp.Anonymous) else node.name).lower()


def _is_host_table(node: exp.Table) -> bool:
    name = _table_name(node)
    return name.startswith("pragma_") or name in _HOST_TABLES


def _function_name(node: exp.Func) -> str:
    if isinstance(node, exp.Anonymous):
        return str(node.name).lower()
    return node.sql_name().lower()


def _statement_word(node: exp.Expression) -> str:
    if isinstance(node, exp.Command):
        return str(node.this).upper()
    return node.key.upper()
