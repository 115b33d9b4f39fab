"""Relationship verbs that stand for a key of a table to itself: "who reports to <X>", "clerks supervised by <X>".

A verb names such a key only through the key column's own words (`reports_to`, `supervisor_id`: "report",
"supervised"), never through a list of verbs. The named row (<X>) is read on the table as usual; the verb turns
that condition into "whose key refers to <X>" or, with the roles swapped, "the row <X>'s key refers to". Which
side <X> is on follows the verb's voice: after a verb with "to"/"by" ("reports to X", "supervised by X") or before
an active one ("which clerks does X supervise") <X> is the row referred to.
"""

from sqlglot import exp

from tools.sql.candidate import Candidate, col, table_ref, whole_name
from tools.sql.profile import DatabaseProfile, ForeignKey, TableProfile, name_words
from tools.sql.question import Question
from tools.sql.wording import stem

_PREPOSITIONS = frozenset({"to", "by"})


def _verb(question: Question, fk: ForeignKey) -> int | None:
    """The position of the one word outside values whose stem is the start of a word of `fk`'s column name."""
    own = [stem(w) for w in name_words(fk.column) if w.lower() != "id"]
    in_value = {i for value in question.values for i in range(value.start, value.end)}
    found = [
        i
        for i, w in enumerate(question.words)
        if i not in in_value and len(stem(w)) > 3 and any(o.startswith(stem(w)) for o in own)
    ]
    return found[0] if len(found) == 1 else None


def relationship_readings(
    profile: DatabaseProfile, question: Question, table: TableProfile, found: list[Candidate]
) -> list[Candidate]:
    """Readings of `found` (over `table`, conditions on its own columns) with the conditions moved across a key of
    `table` to itself that a verb of the question names."""
    keys = [fk for fk in profile.joins(table.name) if fk.table.lower() == table.name.lower() == fk.target_table.lower()]
    if len(keys) != 1 or not question.values:
        return []
    fk = keys[0]
    verb = _verb(question, fk)
    if verb is None:
        return []
    after = all(value.start > verb for value in question.values)
    if not after and not all(value.end <= verb for value in question.values):
        return []  # named rows on both sides of the verb: whose condition is whose is not said
    with_preposition = verb + 1 < len(question.words) and question.words[verb + 1] in _PREPOSITIONS
    referred = after == with_preposition  # <X> is the row the key refers to
    inner, outer = (fk.target_column, fk.column) if referred else (fk.column, fk.target_column)
    readings = []
    for candidate in found:
        if candidate.joins or candidate.group or candidate.negates or not candidate.where or candidate.order:
            continue
        named = exp.select(col(table.name, inner)).from_(table_ref(table.name))
        for condition in candidate.where:
            named = named.where(condition.copy())
        readings.append(
            candidate.extended(
                select=_who(question, table, candidate.select),
                where=(col(table.name, outer).isin(query=named),),
                covers=candidate.covers | {stem(question.words[verb])} | ({"to", "by"} & set(question.words)),
                description=f"{candidate.description}, read across {fk.column}",
            )
        )
    return readings


def _who(question: Question, table: TableProfile, select: tuple[exp.Expr, ...]) -> tuple[exp.Expr, ...]:
    """What shows the rows: "who" asks for people, so a person's name parts are shown as one whole name ("who does
    Una Reyes report to": Tom Hale), as a total shows whom it belongs to (tools/sql/amounts.py)."""
    parts = [col(table.name, c.name) for c in table.labels]
    if "who" in question.words and len(parts) > 1 and list(select) == parts:
        return (whole_name(table),)
    return select
