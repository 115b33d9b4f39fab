"""A superlative of quantity ("the most labor hours", "the fewest points") before a measure that the subject's rows
have many of speaks of their total, not of one of them. "Which technician logged the fewest labor hours" is the
technician whose work orders add up to the fewest hours; the technician with the one shortest work order is
another question ("the shortest work order"). So a reading that orders the subject by one row of a table that
refers to it (a join that repeats the subject) is not taken when "most", "fewest" or "least" stands right before
the measure's words, and a group is ranked by the measure's total, not its maximum (tools/sql/grouping.py).
Adjectives ("the largest purchase", "the longest call") still pick the one row.
"""

from tools.sql.profile import DatabaseProfile, TableProfile, towards_parents
from tools.sql.question import Question
from tools.sql.routes import join_path
from tools.sql.wording import stem

_QUANTITY = frozenset({"most", "fewest", "least"})
_REACH = 2  # "the most labor hours": the measure's first word within two words of the superlative


def one_row_of_many(
    profile: DatabaseProfile, question: Question, table: TableProfile, owner: TableProfile, own: set[str]
) -> bool:
    """Whether ordering `table`'s rows by a column of `owner` (named by the stems `own`) would order them by one
    of many rows that refer to them, where the question's quantity superlative asks for their total."""
    if owner is table:
        return False
    path = join_path(profile, table.name, owner.name, question)
    if path is None or towards_parents(path, table.name):
        return False
    return quantity_superlative(question, own)


def quantity_superlative(question: Question, own: set[str]) -> bool:
    """Whether "most", "fewest" or "least" stands right before a word of `own` (a measure's stems): "the most
    labor hours" asks for the largest total, per group as per subject, never the largest single value."""
    words = question.words
    return any(
        word in _QUANTITY and any(stem(w) in own for w in words[at + 1 : at + 1 + _REACH])
        for at, word in enumerate(words)
    )
