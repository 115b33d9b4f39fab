"""Thresholds on a count per group, read whole (issue 15).

- "Which clients have at most 1 purchase" / "fewer than 2 purchases" includes the clients with none, whose count
  is 0: the grouping is read from the grouped table, LEFT JOINed to the counted rows (tools/sql/outer_groups.py),
  so those rows stay. Only a plain grouping is turned (one key, no condition on the rows): a condition would have
  to move into the join, which no reading guesses, so such a question stays declined (tools/sql/count_bounds.py).
- "How many suppliers have exactly one product" asks for the number of such suppliers, not for each of them:
  `SELECT COUNT(*) FROM supplier WHERE supplier_id IN (SELECT ... GROUP BY ... HAVING COUNT(*) = 1)`. A list of
  the groups leaves its "how many" unread (`groups_not_counted`, a cue of tools/sql/cues.py).
"""

from sqlglot import exp

from tools.sql.candidate import Candidate, col
from tools.sql.count_bounds import zero_counts_left_out
from tools.sql.outer_groups import turned_outward
from tools.sql.profile import DatabaseProfile, TableProfile
from tools.sql.question import Question, subject_stems, table_stems
from tools.sql.wording import OPERATION_STEMS

_UPPER = (exp.LT, exp.LTE)
_HOW_MANY = (("how", "many"), ("number", "of"))


def _grouped_table(profile: DatabaseProfile, candidate: Candidate) -> TableProfile | None:
    """The table whose key `candidate` groups by, when it groups by one table's key."""
    if len(candidate.group) != 1 or not isinstance(candidate.group[0], exp.Column):
        return None
    column = candidate.group[0]
    table = next((t for t in profile.tables.values() if t.name.rpartition(".")[2] == column.table), None)
    key = table.primary_key if table is not None else None
    return table if key is not None and key.name == column.name else None


def zero_inclusive(profile: DatabaseProfile, found: list[Candidate]) -> list[Candidate]:
    """Each plain grouped count of `found` compared with an upper bound, read with the groups that have none."""
    readings = []
    for candidate in found:
        having = candidate.having
        if having is None or candidate.outer or not isinstance(having, _UPPER) or candidate.where:
            continue
        measure = having.this
        if not isinstance(measure, exp.Count) or not isinstance(measure.this, exp.Star):
            continue
        shows = bool(candidate.select) and candidate.select[-1] == measure
        plain = candidate.extended(having=None, select=candidate.select if shows else (*candidate.select, measure))
        turned = turned_outward(profile, plain)
        if turned is None:
            continue
        zeroed = turned.select[-1]
        readings.append(
            turned.extended(
                select=turned.select if shows else turned.select[:-1],
                having=type(having)(this=zeroed.copy(), expression=having.expression.copy()),
                description=f"{candidate.description}, {turned.table} with none included",
            )
        )
    return readings


def counted_groups(profile: DatabaseProfile, question: Question, found: list[Candidate]) -> list[Candidate]:
    """The number of X of "how many X have <threshold>": the X whose grouped count passes it, for each threshold reading
    of `found` grouped by the key of the table the question counts."""
    readings = []
    said = subject_stems(question, _HOW_MANY)
    for candidate in found:
        table = _grouped_table(profile, candidate)
        if candidate.having is None or table is None or not said & table_stems(table) or table.primary_key is None:
            continue
        if zero_counts_left_out(question, candidate):
            continue  # the groups with none meet the bound too: only the outer reading counts them
        key = col(table.name, table.primary_key.name)
        members = candidate.extended(select=(candidate.group[0].copy(),), order=(), limit=None).query()
        readings.append(
            Candidate(
                table=table.name,
                select=(exp.Count(this=exp.Star()),),
                description=f"number of {table.name} that are {candidate.description}",
                covers=candidate.covers | OPERATION_STEMS["count"],
                where=(exp.In(this=key, query=exp.Subquery(this=members)),),
                cost=candidate.cost + 0.1,
                values_used=candidate.values_used,
                numbers_used=candidate.numbers_used,
                negates=candidate.negates,
            )
        )
    return readings


def groups_not_counted(profile: DatabaseProfile, question: Question, candidate: Candidate) -> list[str]:
    """The words "how many" when `candidate` lists the groups that pass a threshold of a question that counts them."""
    table = _grouped_table(profile, candidate) if candidate.having is not None else None
    if table is None or not subject_stems(question, _HOW_MANY) & table_stems(table):
        return []
    counted = profile.tables.get(candidate.table.lower())
    if counted is table and not candidate.outer:
        return []  # a count per group of the grouped table's own rows
    return ["how many" if question.has_phrase("how many") else "number of"]
