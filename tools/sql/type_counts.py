"""Counts of a named type: "how many vaccinations were given" counts the rows that refer to the type (issue 15).

A type ("Vaccination") is a stored value of a types table, one that refers to no other table and holds a different
value in that column on every row, which other rows refer to by a foreign key (treatments refer to a treatment type;
a pet's species is no type). Counting the rows of the types table that hold the value gives the one type row; what the
question counts is the rows that refer to it. So:

- "how many <value> ..." with no noun after the value naming a table makes the one table that refers to the value's
  table a subject too (tools/sql/shapes.py), so its count, joined to the type, is a reading; when several tables
  refer to it and the question does not say which, none is (and the type-row count is declined by
  tools/sql/cues.py), so the question is declined;
- a count of the types table's rows is no answer when the noun counted names a table that refers to it
  ("how many Vaccination treatments", "how many treatments were Vaccination").
"""

from sqlglot import exp

from tools.sql.candidate import Candidate
from tools.sql.profile import DatabaseProfile, TableProfile, ValueRef
from tools.sql.question import Question, ValueMention
from tools.sql.wording import FILLER

_COUNT_LEADS = (["how", "many"], ["number", "of"])


def counted_types(profile: DatabaseProfile, question: Question) -> list[TableProfile]:
    """The tables whose rows "how many <value>" counts where the value is stored in a table they refer to: for each
    such value, the one table that refers to the value's table, when exactly one does."""
    found: list[TableProfile] = []
    for value in question.values:
        if question.words[max(0, value.start - 2) : value.start] not in _COUNT_LEADS:
            continue
        following = question.words[value.end] if value.end < len(question.words) else ""
        if following and profile.table_of_noun(following) is not None:
            continue  # "how many Vaccination treatments": the noun names what is counted
        referring = _referring(profile, value)
        if len(referring) == 1 and not profile.is_link(referring[0]) and referring[0] not in found:
            found.append(referring[0])
    return found


def type_row_counts(question: Question, candidate: Candidate, profile: DatabaseProfile) -> list[str]:
    """The counted noun, when `candidate` counts rows of a table that other rows refer to, compared on a stored
    value, and the noun names one of those referring tables instead ("how many treatments were Vaccination")."""
    if not candidate.selects(exp.Count) or not candidate.where:
        return []
    counted = profile.tables.get(candidate.table.lower())
    noun = _counted_noun(question)
    if counted is None or noun is None:
        return []
    named = profile.table_of_noun(question.words[noun])
    if named is None or named is counted:
        return []
    referring = {fk.table.lower() for fk in profile.foreign_keys if fk.target_table.lower() == counted.name.lower()}
    return [question.words[noun]] if named.name.lower() in referring else []


def named_after(profile: DatabaseProfile, question: Question, value: ValueMention, table: TableProfile) -> bool:
    """Whether "the <value> <noun>" names one row of `table` by its noun in the singular ("the Pop genre", "the
    Sales department"): the lookup row the counted rows refer to, not a guess among the other columns that store
    the same text. "the <Band> records" (plural) reads as the band's records as much as a record of that title."""
    words = question.words
    following = words[value.end] if value.end < len(words) else ""
    singular = bool(following) and not (following.endswith("s") and not following.endswith("ss"))
    definite = value.start > 0 and words[value.start - 1] == "the"
    return singular and definite and profile.table_of_noun(following) is table


def _counted_noun(question: Question) -> int | None:
    """The position of the first word after "how many" / "number of" that is neither filler nor a stored value."""
    words = question.words
    in_value = {i for value in question.values for i in range(value.start, value.end)}
    for index in range(len(words) - 1):
        if words[index : index + 2] in _COUNT_LEADS:
            after = [i for i in range(index + 2, len(words)) if i not in in_value and words[i] not in FILLER]
            return after[0] if after else None
    return None


def _referring(profile: DatabaseProfile, value: ValueMention) -> list[TableProfile]:
    """The tables, other than the value's own, that refer by a foreign key to a types table storing the value."""
    holders = {ref.table.lower() for ref in value.refs if _names_a_type(profile, ref)}
    found: list[TableProfile] = []
    for fk in profile.foreign_keys:
        table = profile.tables.get(fk.table.lower())
        if fk.target_table.lower() in holders and table is not None and fk.table.lower() not in holders:
            if table not in found:
                found.append(table)
    return found


def _names_a_type(profile: DatabaseProfile, ref: ValueRef) -> bool:
    """Whether `ref`'s column names the rows of a types table: a table that refers to no other, whose column holds a
    different value on every row. A pet's species ("dog") is an attribute of the pets, not a type they refer to."""
    table = profile.tables.get(ref.table.lower())
    if table is None or any(fk.table.lower() == table.name.lower() for fk in profile.foreign_keys):
        return False
    stored = profile.column_values.get((ref.table.lower(), ref.column.lower()), [])
    return len(stored) == table.row_count
