"""Upper bounds on a count: "at most 2 purchases", "fewer than 3 loans" also hold for rows with none (issue 15).

A count per group through an inner join ("GROUP BY fan HAVING COUNT(*) <= 2") leaves out the rows no other row
refers to, whose count is 0 and meets the bound: those rows are part of the answer, so the reading is a wrong one,
and the cue (tools/sql/cues.py) declines it. Lower bounds ("at least", "more than") never hold for 0, so they read
as they are.
"""

from sqlglot import exp

from tools.sql.candidate import Candidate
from tools.sql.filters import comparisons
from tools.sql.question import Question

_UPPER = (exp.LT, exp.LTE)


def zero_counts_left_out(question: Question, candidate: Candidate) -> list[str]:
    """The bound's words, when `candidate` compares a count with an upper bound over an inner join."""
    having = candidate.having
    if having is None or candidate.outer or not isinstance(having, _UPPER) or having.find(exp.Count) is None:
        return []
    if not candidate.joins:
        return []  # a count of a table's own rows per value of a column: every group has a row
    found = [" ".join(c.words) for c in comparisons(question) if c.index in candidate.numbers_used]
    return found[:1] or ["fewer than"]
