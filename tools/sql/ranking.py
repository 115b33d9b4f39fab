"""Judging candidates against the question: complete (every content word, value and number accounted for) or not.

An answer needs one complete candidate that is plainer (lower cost) than every other complete one; ties go to the
proposer (tools/sql/proposals.py), which answers only when the tied readings agree or one clearly reads closest.
"""

from dataclasses import dataclass

from sqlglot import exp

from tools.sql.candidate import Candidate
from tools.sql.question import Question
from tools.sql.routes import key_stems
from tools.sql.sort_orders import directed_firsts
from tools.sql.wording import stem

COST_TIE = 0.05  # costs closer than this are the same plainness


@dataclass(frozen=True, slots=True)
class Assessed:
    candidate: Candidate
    sql: str
    uncovered: tuple[str, ...]  # question words (as written) nothing in the candidate accounts for

    @property
    def complete(self) -> bool:
        return not self.uncovered


def assess(
    question: Question,
    candidate: Candidate,
    dialect: str,
    cues: tuple[str, ...] = (),
    light: frozenset[str] = frozenset(),
) -> Assessed:
    """`candidate` judged against `question`; `cues` are phrases of the question it leaves unmet (tools/sql/cues.py),
    `light` the stems of its light verbs (tools/sql/light_verbs.py)."""
    missing: list[str] = list(cues)
    content = question.content
    sql = candidate.sql(dialect)
    # A join or a subquery relates two things: the words that say how ("went through", "enrolled in") are its.
    # A list of values ("city IN ('Oslo', 'Lima')") relates nothing: only a subquery does.
    linked = question.linking if candidate.joins or _has_subquery(candidate) else frozenset()
    # "live in", "contain": a condition, join or grouping chosen by other words already says how things relate
    linked |= light if candidate.joins or candidate.where or candidate.group else frozenset()
    # "highest first" after an order that is highest first: the "first" restates it (tools/sql/sort_orders.py)
    linked |= directed_firsts(question, candidate)
    # "never been the lead on a work order": the key a reading relates rows by (`lead_tech_id`) says "lead"
    linked |= key_stems(candidate.joins, candidate.where)
    for word in question.words:
        if stem(word) in content and stem(word) not in candidate.covers | linked and word not in missing:
            missing.append(word)
    for position, value in enumerate(question.values):
        if position not in candidate.values_used:
            missing.append(" ".join(question.words[value.start : value.end]))
    for number in question.numbers:
        if number.index not in candidate.numbers_used:
            missing.append(question.words[number.index])
    return Assessed(candidate, sql, tuple(missing))


def _has_subquery(candidate: Candidate) -> bool:
    return any(
        found.args.get("query") is not None for condition in candidate.where for found in condition.find_all(exp.In)
    )


def ranked(assessed: list[Assessed]) -> list[Assessed]:
    """Complete first, then plainest, then fewest words left over; one entry per distinct SQL."""
    order = sorted(assessed, key=lambda a: (not a.complete, a.candidate.cost, len(a.uncovered), len(a.sql)))
    seen: set[str] = set()
    unique = []
    for item in order:
        if item.sql not in seen:
            seen.add(item.sql)
            unique.append(item)
    return unique


def tied_best(order: list[Assessed]) -> list[Assessed]:
    """The complete candidates as plain as the plainest one (empty when none is complete)."""
    complete = [item for item in order if item.complete]
    if not complete:
        return []
    best = complete[0].candidate.cost
    return [item for item in complete if item.candidate.cost - best < COST_TIE]
