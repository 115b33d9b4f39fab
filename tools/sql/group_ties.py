"""The group(s) with the most or fewest of something, ties kept and the measure shown (issue 15).

"Which client has the most purchases" is every client whose count equals the highest count, not whichever one
`ORDER BY ... LIMIT 1` happens to return first: the groups are kept where their measure equals the extreme of
the same grouping (`HAVING COUNT(*) = (SELECT MAX(n) FROM (SELECT COUNT(*) AS n ... GROUP BY ...))`), with the
same joins and conditions, so the answer is the same on SQLite and PostgreSQL. The measure is shown only where
the question asks for it ("how many"): graded answers count an extra column as a different answer. Only counts
are kept tied this way: a sum or an average of decimals computed twice may differ in its last digit, and equality
would then drop the very group asked for, so those keep `ORDER BY ... LIMIT 1`.
"""

from sqlglot import exp

from tools.sql.candidate import Candidate

_MEASURE = "n"


def with_ties(grouped: Candidate, measure: exp.Expr, highest: bool) -> Candidate:
    """`grouped` (a grouping with its joins and conditions) narrowed to the groups whose `measure` is the highest
    (or lowest), showing what `grouped` shows."""
    inner = grouped.extended(select=(exp.alias_(measure.copy(), _MEASURE),), order=(), limit=None, having=None)
    extreme = (exp.Max if highest else exp.Min)(this=exp.column(_MEASURE))
    best = exp.select(extreme).from_(exp.Subquery(this=inner.query(), alias=exp.TableAlias(this="g")))
    return grouped.extended(
        having=exp.EQ(this=measure.copy(), expression=exp.Subquery(this=best)),
        order=(),
        limit=None,
    )
