"""Finding a SQL statement written into a request: bare, after a colon or line break, in backticks or a fence.

The one rule the router and the SQL agent share, so that whatever the router sends to the SQL agent as "given
SQL" is exactly what the agent runs. Finding a statement says nothing about whether it may run: the guard
(tools/sql/guard.py) decides that, so a DELETE is found here and refused there.

A candidate counts when sqlglot parses it as statements. Fenced and backticked text is marked as code by its
writer and needs nothing more; text in the open must also look written as SQL (see `_looks_like_sql`), because
"Select all customers from Canada" parses too and is a question, not a query.
"""

import logging
import re

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError

# sqlglot logs a warning when it falls back to an opaque Command; that is an answer here, not a problem.
logging.getLogger("sqlglot").setLevel(logging.ERROR)

_FENCED = re.compile(r"```[ \t]*(?P<lang>[A-Za-z]*)[ \t]*\n?(?P<body>[\s\S]*?)```")
_BACKTICKED = re.compile(r"(?<!`)`(?P<body>[^`\n]+)`(?!`)")
# Where a statement may start in open text: the beginning, or after a colon or a line break.
_START = re.compile(r"(?:^|:|\n)\s*", re.MULTILINE)
_KEYWORDS = (
    "select|with|insert|update|delete|drop|create|alter|truncate|replace|merge|upsert|grant|revoke|"
    "attach|detach|pragma|vacuum|reindex|values"
)
_LEADS_WITH_KEYWORD = re.compile(rf"(?P<word>{_KEYWORDS})\b", re.IGNORECASE)
# Marks of written SQL that prose rarely has: operators, parentheses, lists, quoting, qualified names.
_SQL_PUNCTUATION = re.compile(r"[*(),=<>;'\"]|\w\.\w")
# A second keyword that, after DELETE/DROP/UPDATE/..., makes prose unlikely ("drop table invoice").
_OBJECT_WORD = re.compile(r"\b(?:table|view|index|trigger|from|into|set|where)\b", re.IGNORECASE)
_TRAILING = re.compile(r"[\s;.!?]+$")
# The generic reading first, then the dialects of the databases Relayboard serves (ATTACH, REPLACE INTO, ...).
_DIALECTS = (None, "sqlite", "postgres")


def find_statement(text: str) -> str | None:
    """The SQL statement(s) `text` carries, as written, or None when it carries none.

    Looked for, in order: a fenced block (```sql ... ``` or an untagged fence that parses), an inline
    `backticked` statement, and a statement in the open that runs from the start of the text, or from a
    colon or line break, to its end ("Run this SQL: SELECT ...").
    """
    for fence in _FENCED.finditer(text):
        body, language = fence.group("body").strip(), fence.group("lang").lower()
        if body and (language == "sql" or (not language and _is_statement(body))):
            return body
    for tick in _BACKTICKED.finditer(text):
        body = tick.group("body").strip()
        if _is_statement(body):
            return body
    for start in _START.finditer(text):
        candidate = _TRAILING.sub("", text[start.end() :])
        lead = _LEADS_WITH_KEYWORD.match(candidate)
        if lead and _looks_like_sql(candidate, lead.group("word")):
            if _parses(candidate, opaque_ok=lead.group("word").isupper()):
                return candidate
    return None


def _is_statement(code: str) -> bool:
    """Text marked as code (fenced, backticked) that is a statement: it leads with a keyword and parses."""
    lead = _LEADS_WITH_KEYWORD.match(code)
    return lead is not None and _parses(code, opaque_ok=lead.group("word").isupper())


def _looks_like_sql(candidate: str, keyword: str) -> bool:
    """Written as SQL: a keyword in capitals, SQL punctuation, or a statement keyword followed by its object."""
    if keyword.isupper() or _SQL_PUNCTUATION.search(candidate):
        return True
    return keyword.lower() not in {"select", "with", "values"} and bool(_OBJECT_WORD.search(candidate))


def _parses(candidate: str, *, opaque_ok: bool = False) -> bool:
    """sqlglot reads `candidate` as one or more statements.

    sqlglot reads what it does not model (PRAGMA, ATTACH, VACUUM, and prose such as "Drop the table of
    contents") as an opaque `Command`; that counts only when `opaque_ok` (the keyword was written in capitals).
    """
    for dialect in _DIALECTS:
        try:
            statements = sqlglot.parse(candidate, read=dialect)
        except (ParseError, TokenError):
            continue
        if statements and all(_complete(s, opaque_ok=opaque_ok) for s in statements):
            return True
    return False


def _complete(statement: exp.Expr | None, *, opaque_ok: bool) -> bool:
    """A statement with a body: not a bare `SELECT`, and not an opaque `Command` unless those count."""
    if statement is None or (isinstance(statement, exp.Command) and not opaque_ok):
        return False
    return not (isinstance(statement, exp.Select) and not statement.expressions)
