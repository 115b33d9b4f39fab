"""Words that ask whether rows exist: "patients who have some prescriptions", "doctors who have ever had any visits".

"any" and "ever" are filler (tools/sql/wording.py); "some" is not, since a full list is not "some patients". "some"
asks for existence only right before the noun of a table whose rows refer to the subject ("have some visits"),
and a reading accounts for it only when it keeps the subject's rows that such rows point to: a semi-join
(tools/sql/anti_joins.py) or a join to them, ungrouped and not negated. "some" as a quantity ("some of the
visits", "show some patients"), before "other", or before a table that does not refer to the subject, stays
unaccounted, so the question is declined. A question asks for existence at all (so that a named table may
qualify the referring rows) when it says "some", "any" or "ever" outside those near misses: "any other", "some
of", and "ever" after a superlative ("the longest visit ever").
"""

from sqlglot import exp

from tools.sql.candidate import Candidate
from tools.sql.extremes import superlatives
from tools.sql.profile import DatabaseProfile, TableProfile, name_words
from tools.sql.question import Question
from tools.sql.wording import OPERATION_STEMS, stem

SOME = "some"
_EXISTENCE = frozenset({SOME, "any", "ever"})
_NOT_EXISTENCE_AFTER = frozenset("other else of".split())  # "any other visit", "some of the visits"
_SUPERLATIVES = OPERATION_STEMS["max"] | OPERATION_STEMS["min"]


def asks_existence(question: Question) -> bool:
    """Whether the question asks whether rows exist ("any", "some", "ever"), outside "any other", "some of" and
    "ever" after a superlative."""
    words = question.words
    for index, word in enumerate(words):
        if word not in _EXISTENCE:
            continue
        following = words[index + 1] if index + 1 < len(words) else ""
        if word == "ever":
            if not _compares(question, index):
                return True
        elif following not in _NOT_EXISTENCE_AFTER:
            return True
    return False


def with_existence(profile: DatabaseProfile, question: Question, found: list[Candidate]) -> list[Candidate]:
    """`found`, where a reading keeps the rows that rows of a table named right after "some" point to, with
    "some" accounted for."""
    named = _named_after_some(profile, question)
    if not named:
        return found
    accounted = []
    for candidate in found:
        subject = profile.table_named(candidate.table)
        if subject is not None and _keeps_referred(profile, candidate, subject, named):
            candidate = candidate.extended(covers=candidate.covers | {stem(SOME)})
        accounted.append(candidate)
    return accounted


def _compares(question: Question, index: int) -> bool:
    """Whether "ever" at `index` closes a superlative ("the longest visit ever", "the most visits ever") or a
    comparison ("longer than ever"): then it asks for no rows to exist."""
    before = question.words[:index]
    return (
        bool(before and before[-1] == "than")
        or any(stem(word) in _SUPERLATIVES for word in before)
        or any(found.start < index for found in superlatives(question))
    )


def _named_after_some(profile: DatabaseProfile, question: Question) -> set[str]:
    """The tables (lower-case names) whose rows the noun right after "some" names: the head of the table's name
    ("some visits" of `ward_visit`) or the whole name in order ("some ward visits")."""
    words = question.words
    in_value = {i for value in question.values for i in range(value.start, value.end)}
    found: set[str] = set()
    for index, word in enumerate(words):
        if word != SOME or index + 1 >= len(words) or index + 1 in in_value:
            continue
        following = [stem(w) for w in words[index + 1 :]]
        for table in profile.tables.values():
            own = [stem(w) for w in name_words(table.name)]
            if own and (following[0] == own[-1] or following[: len(own)] == own):
                found.add(table.name.lower())
    return found


def _keeps_referred(profile: DatabaseProfile, candidate: Candidate, subject: TableProfile, named: set[str]) -> bool:
    """Whether `candidate` keeps the `subject` rows that rows of a `named` table refer to by a key of their own:
    through a join to them or an `IN` over them, with no grouping (a count per subject is no existence) and no
    negation."""
    if candidate.group or candidate.negates or candidate.outer:
        return False
    referring = {
        fk.table.lower()
        for fk in profile.foreign_keys
        if fk.target_table.lower() == subject.name.lower() and fk.table.lower() != subject.name.lower()
    }
    wanted = named & referring
    if not wanted:
        return False
    if any(fk.table.lower() in wanted and fk.target_table.lower() == subject.name.lower() for fk in candidate.joins):
        return True
    bare = {name.rpartition(".")[2] for name in wanted}  # a subquery's table is named without its schema
    return any(
        table.name.lower() in bare
        for condition in candidate.where
        for subquery in condition.find_all(exp.In)
        if subquery.args.get("query") is not None and subquery.find_ancestor(exp.Not) is None
        for table in subquery.find_all(exp.Table)
    )
