"""Presence and absence of a value: "customers who have a company listed", "tracks without a composer" (issue 15).

"with a X", "have a X", "has an X" ask for the rows whose column X holds a value; "without a X", "with no X", "have
no X" for the rows whose column X holds none. X must name exactly one column of the subject (a key column by its
words without "id": `manager_id` is "a manager"), one that some row leaves empty (tools/sql/profile.py), and no
table: "customers without invoices" is an anti-join (tools/sql/anti_joins.py). An empty string counts as no value,
like NULL, and the reading's description says so. "still" before an absence and "yet" after its noun ("still have
no close date", "with no manager yet") say the same absence.
"""

from collections.abc import Iterator

from sqlglot import exp

from tools.sql.candidate import Candidate, col
from tools.sql.filter_parts import Filters
from tools.sql.profile import ColumnProfile, DatabaseProfile, TableProfile
from tools.sql.question import Question, column_stems
from tools.sql.wording import OPERATION_STEMS, stem, stems

_ARTICLES = frozenset("a an any".split())
_HAVING = frozenset("with have has having".split())
_WITHOUT = frozenset({"without"})
_NONE = frozenset("no".split())
_KEY_WORDS = frozenset({"id"})
_OPERATIONS = set().union(*OPERATION_STEMS.values())


def presence_filters(profile: DatabaseProfile, question: Question, table: TableProfile) -> Iterator[Filters]:
    """`X IS NOT NULL AND X <> ''` or `X IS NULL OR X = ''` for the column of `table` a presence phrase names."""
    for noun, absent, said, still in _phrases(question):
        named = _named_column(profile, table, noun)
        if named is None:
            continue
        target = col(table.name, named.name)
        empty = exp.Literal.string("")
        textual = named.kind == "text"
        condition: exp.Expr
        if absent:
            missing = target.is_(exp.null())
            condition = exp.paren(exp.or_(missing, target.eq(empty))) if textual else missing
        else:
            present = exp.not_(target.is_(exp.null()))
            condition = exp.and_(present, target.neq(empty)) if textual else present
        own = column_stems(table, named) - _KEY_WORDS
        state = "has no value (NULL or empty)" if absent else "has a value (neither NULL nor empty)"
        yield Filters(
            where=(condition,),
            covers=frozenset(own | stems([*said, *still]) | (OPERATION_STEMS["not"] if absent else set())),
            columns=frozenset({(table.name.lower(), named.name.lower())}),
            cost=0.1,
            words=f"{named.name} {state}" if textual else f"{named.name} {'is' if absent else 'is not'} NULL",
            negates=absent,
        )


def _phrases(question: Question) -> Iterator[tuple[list[str], bool, tuple[str, ...], tuple[str, ...]]]:
    """(the noun's words, whether it asks for absence, the phrase's words, "still" and "yet" said with an absence)
    of each "with a X", "without a X", "with no X", "have no X"; the noun is one or two words that are no stored
    value."""
    words = question.words
    in_value = {i for value in question.values for i in range(value.start, value.end)}
    for index, word in enumerate(words):
        lead: tuple[str, ...]
        if word in _WITHOUT:
            lead, absent = (word,), True
        elif word in _HAVING and index + 1 < len(words) and words[index + 1] in _NONE:
            lead, absent = (word, words[index + 1]), True
        elif word in _HAVING and index + 1 < len(words) and words[index + 1] in _ARTICLES:
            lead, absent = (word,), False
        else:
            continue
        after = index + len(lead)
        if after < len(words) and words[after] in _ARTICLES:
            lead, after = (*lead, words[after]), after + 1
        noun = [w for i, w in enumerate(words[after : after + 2], start=after) if i not in in_value]
        # "with no fax number": "number" would also read as a count of the rows; no guess between the two
        if noun and after not in in_value and not any(stem(w) in _OPERATIONS for w in noun):
            yield noun, absent, lead, _still(words, index, after) if absent else ()


def _still(words: list[str], index: int, after: int) -> tuple[str, ...]:
    """The word "still" before an absence phrase and "yet" just after its noun ("still have no close date yet", "with no
    manager yet"): none so far is the same absence."""
    said = ("still",) if "still" in words[max(0, index - 2) : index] else ()
    return (*said, "yet") if "yet" in words[after : after + 3] else said


def _named_column(profile: DatabaseProfile, table: TableProfile, noun: list[str]) -> ColumnProfile | None:
    """The one column of `table` that lacks a value somewhere and that the noun's first word, or its two words,
    name, when no table is named by that word."""
    if profile.table_of_noun(noun[0]) is not None:
        return None  # "customers without invoices": rows of another table, not a column's value
    found = []
    for column in table.columns:
        own = column_stems(table, column) - _KEY_WORDS
        if column.primary_key or not column.absent or not own:
            continue
        if own == {stem(noun[0])} or (len(noun) > 1 and own == stems(noun)):
            found.append(column)
    return found[0] if len(found) == 1 else None


def presence_unmet(profile: DatabaseProfile, question: Question, candidate: Candidate) -> list[str]:
    """The presence phrase ("have a company"), when it names a column of `candidate`'s subject that some row leaves
    empty and `candidate` does not test it for a value: showing the column does not pick the rows that have one."""
    table = profile.table_named(candidate.table)
    if table is None:
        return []
    tested = {
        column.name.lower()
        for condition in candidate.where
        for null in condition.find_all(exp.Is)
        for column in null.find_all(exp.Column)
    }
    for noun, _, said, _ in _phrases(question):
        named = _named_column(profile, table, noun)
        if named is not None and named.name.lower() not in tested:
            return [" ".join((*said, noun[0]))]
    return []
