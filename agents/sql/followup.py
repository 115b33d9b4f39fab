"""Applying a follow-up's change to the thread's previous query: curated parameters, or the SQL itself.

Which questions are follow-ups, and what they change, is `agents.questions.follow_up` (the supervisor reads
it too)."""

import re
from typing import Any

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError

from agents.contracts import Caller
from agents.mcp_client import Toolbox
from agents.questions import Change
from tools.errors import InvalidInput, NotFound, QueryTimeout
from tools.results.sql import QueryOut


def changed_parameters(parameters: dict[str, Any], change: Change) -> dict[str, Any] | None:
    """A curated query's parameters with the one that holds the old value replaced; None if none or several do."""
    if change.kind == "year":
        keys = [k for k, v in parameters.items() if isinstance(v, int) and 1900 <= v <= 2100]
    elif change.kind == "limit":
        keys = [k for k, v in parameters.items() if isinstance(v, int) and k in {"limit", "top", "n"}]
    else:
        keys = [k for k, v in parameters.items() if isinstance(v, str)]
    return {**parameters, keys[0]: change.value} if len(keys) == 1 else None


def changed_sql(sql: str, change: Change) -> tuple[str, exp.Column | None] | None:
    """`sql` with the old value replaced, and for a new text value the column it is compared with (to check that
    the value exists); None when the query holds no such value, or several."""
    try:
        tree = sqlglot.parse_one(sql)
    except ParseError:
        return None
    column: exp.Column | None = None
    if change.kind == "limit":
        limit = tree.args.get("limit")
        if not isinstance(limit, exp.Limit):
            return None
        limit.set("expression", exp.Literal.number(int(change.value)))
    elif change.kind == "year":
        if not _replace_year(tree, int(change.value)):
            return None
    else:
        compared = [
            eq for eq in tree.find_all(exp.EQ) if isinstance(eq.expression, exp.Literal) and eq.expression.is_string
        ]
        if len(compared) != 1 or not isinstance(compared[0].this, exp.Column):
            return None
        compared[0].set("expression", exp.Literal.string(str(change.value)))
        column = compared[0].this
    return tree.sql(), column


async def rewritten_sql(toolbox: Toolbox, sql: str, change: Change, caller: Caller) -> str | None:
    """`sql` with the change made; a new text value must be stored in the column it is compared with (in any
    case; the stored spelling is used). None when the query cannot take the change or no row holds the value.

    Raises:
        UpstreamUnavailable: the database cannot be reached.
    """
    changed = changed_sql(sql, change)
    if changed is None or changed[1] is None:
        return changed[0] if changed else None
    column = changed[1]
    if not column.table:
        return None
    lookup = (
        exp.select(column.copy())
        .from_(exp.Table(this=exp.to_identifier(column.table, quoted=True)))
        .where(exp.func("LOWER", column.copy()).eq(exp.Literal.string(str(change.value).lower())))
        .limit(1)
    )
    try:
        found = await toolbox.call_as("run_query", {"sql": lookup.sql()}, caller, QueryOut)
    except (InvalidInput, NotFound, QueryTimeout):
        return None
    if not found.rows:
        return None
    stored = changed_sql(sql, Change("value", str(found.rows[0][0])))
    return stored[0] if stored else None


def _replace_year(tree: exp.Expr, year: int) -> bool:
    """Replace the one year the query's date literals use ('2010-01-01' .. '2011-01-01', or 2010 itself)."""
    literals = [lit for lit in tree.find_all(exp.Literal) if re.match(r"^(19|20)\d\d(-|$)", lit.this)]
    years = sorted({int(lit.this[:4]) for lit in literals})
    if not years or len(years) > 2 or (len(years) == 2 and years[1] != years[0] + 1):
        return False
    for literal in literals:
        old = int(literal.this[:4])
        text = f"{year + old - years[0]}{literal.this[4:]}"
        literal.replace(exp.Literal.string(text) if literal.is_string else exp.Literal.number(text))
    return True
