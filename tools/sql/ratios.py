"""Shares of rows: "what percentage of customers are from Canada", "what share of orders were placed in 2023".

A share is the count of the subject's rows that meet the question's conditions over the count of all its rows, as
a percentage rounded to two decimals: `ROUND(100.0 * COUNT(*) / NULLIF((SELECT COUNT(*) FROM t), 0), 2)` over the
rows a count reading keeps (tools/sql/shapes.py). The numerator is that count reading's own aggregate (a
`COUNT(DISTINCT key)` when its joins repeat rows); the denominator is every row of the subject. `100.0` makes the
division real on SQLite and numeric on PostgreSQL, where two integers would divide to an integer.

Read only when the sentence is "<what|the> <ratio word> of [the|all] <subject> <predicate>", every condition in
the predicate, so the conditions are the numerator's and none of them the denominator's. Declined:
- a ratio word that with the words before it names a column ("the discount percentage of order 5"): that column;
- a subject followed by a preposition or a relative word ("of customers from Canada who ...", "of customers who
  ..."), or by a participle before a later verb ("of orders placed in 2023 were shipped"): a condition that may
  qualify the rows counted in the denominator;
- a ratio with no condition (every row, 100%) or a condition no reading finds (no count reading covers it).
"""

from sqlglot import exp

from tools.sql.candidate import Candidate, table_ref
from tools.sql.profile import DatabaseProfile, TableProfile
from tools.sql.question import Question, column_stems, table_stems
from tools.sql.wording import FILLER, OPERATION_WORDS, stem, stems

RATIO_WORDS = frozenset("percentage percent share proportion".split())
_LEADS = frozenset({"what", "the"})
_DETERMINERS = frozenset("the all our".split())
# the verb that starts the predicate: "of customers are from ...", "of customers have placed ..."
_AUXILIARIES = frozenset("are is were was have has had did do does".split())
_OPERATION_WORDS = frozenset().union(*OPERATION_WORDS.values())


def shares(
    profile: DatabaseProfile, question: Question, table: TableProfile, found: list[Candidate]
) -> list[Candidate]:
    """The share of `table`'s rows each plain count of `found` keeps, when the question asks for a share of them."""
    at = _ratio_word(profile, question)
    if at is None or not _predicate_follows(question, table, at):
        return []
    denominator = exp.Subquery(this=exp.select(exp.Count(this=exp.Star())).from_(table_ref(table.name)))
    readings = []
    for candidate in found:
        if not _plain_count(candidate, table):
            continue
        ratio = exp.Div(
            this=exp.Mul(this=exp.Literal.number("100.0"), expression=candidate.select[0].copy()),
            expression=exp.Nullif(this=denominator.copy(), expression=exp.Literal.number(0)),
        )
        readings.append(
            candidate.extended(
                select=(exp.Round(this=ratio, decimals=exp.Literal.number(2)),),
                covers=candidate.covers | {stem(question.words[at])},
                description=f"percentage of all {table.name} rows that are {candidate.description}",
            )
        )
    return readings


def asks_share(profile: DatabaseProfile, question: Question) -> bool:
    """Whether the question asks for a share ("what percentage of"), not for a column named so: a count of rows is
    then a part of the share asked for."""
    return _ratio_word(profile, question) is not None


def share_unmet(profile: DatabaseProfile, question: Question, candidate: Candidate) -> list[str]:
    """The ratio word, when the question asks for a share and `candidate` is not one: a count that covers
    "percentage" through a column's name ("... have a discount percentage over 3") does not answer it."""
    at = _ratio_word(profile, question)
    if at is None or (candidate.select and _is_share(candidate.select[0])):
        return []
    return [question.words[at]]


def _is_share(expression: exp.Expr) -> bool:
    return isinstance(expression, exp.Round) and isinstance(expression.this, exp.Div)


def _ratio_word(profile: DatabaseProfile, question: Question) -> int | None:
    """The position of "percentage" (share, proportion, percent) in "<what|the> percentage of", unless the words
    before it and it name a column ("the discount percentage")."""
    words = question.words
    for at, word in enumerate(words[:-1]):
        if word not in RATIO_WORDS or words[at + 1] != "of" or at in question.in_names:
            continue
        if at == 0 or words[at - 1] not in _LEADS:
            return None  # "the discount percentage of ...", "a share of ...": not the share asked for
        before = stems(words[max(0, at - 2) : at + 1])
        named = any(
            column_stems(t, c) <= before for t in profile.tables.values() for c in t.columns if not c.primary_key
        )
        return None if named else at
    return None


def _predicate_follows(question: Question, table: TableProfile, at: int) -> bool:
    """Whether "of [the] <words naming `table`>" is followed by a predicate holding every condition: an auxiliary
    ("are", "have"), or a verb with no auxiliary after it ("live in", "shipped in 2023")."""
    words, own = question.words, table_stems(table)
    start = at + 2
    while start < len(words) and words[start] in _DETERMINERS:
        start += 1
    end = start
    while end < len(words) and stem(words[end]) in own:
        end += 1
    if end == start or end == len(words):
        return False
    taken = {i for value in question.values for i in range(value.start, value.end)}
    taken |= {number.index for number in question.numbers}
    if any(i < end for i in taken):
        return False  # a value or number before the predicate qualifies the subject, not the share
    verb = words[end]
    if verb in _AUXILIARIES:
        return True
    plain_verb = verb not in FILLER and verb not in _OPERATION_WORDS and end not in taken
    return plain_verb and not _AUXILIARIES & set(words[end + 1 :])


def _plain_count(candidate: Candidate, table: TableProfile) -> bool:
    """A count of `table`'s rows with at least one condition, and nothing else (no group, order or limit)."""
    return (
        candidate.table == table.name
        and len(candidate.select) == 1
        and isinstance(candidate.select[0], exp.Count)
        and bool(candidate.where)
        and not (candidate.group or candidate.having is not None or candidate.order or candidate.limit is not None)
        and not candidate.outer
    )
