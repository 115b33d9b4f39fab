"""Figures per row that keep the rows with none: "books per author, including authors with none" (issue 15).

A grouped reading over the counted rows (tools/sql/grouping.py) only sees groups that have some. When the question
asks for the empty groups too, the reading is turned round: the grouped table, LEFT JOINed to the counted one along
the one foreign key between them, so every row of it stays. `COUNT(<counted key>)` is then 0 for a row with none,
and a sum is `COALESCE(SUM(...), 0)`. Only plain groupings are turned (no filter, comparison, order or limit): a
condition on the counted rows would have to move into the join to keep the zeros, which no reading guesses.
"""

from sqlglot import exp

from tools.sql.candidate import Candidate, col
from tools.sql.profile import DatabaseProfile
from tools.sql.question import Question
from tools.sql.wording import stem

# Phrases that ask for the groups with no rows as well. tools/sql/cues.py declines every reading but these for them.
WITH_NONE = (
    "with none",
    "even those",
    "including those",
    "include those",
    "with zero",
    "even if",
    "even the",
    "if none",
    "if there are none",
)
# Words around such a phrase that say the same ("including customers with none", "even those without books",
# "(0 if none)"); the grouped and counted tables' names are the grouping's own words already.
_AROUND = frozenset("including include even those with without none zero no any if there are is".split())
_WINDOW = 3  # words before and after the phrase that belong to it
OUTER_COST = 0.1  # the outer join is what the phrase asks for; a little plainer readings still tie with it


def asks_for_none(question: Question) -> str | None:
    """The phrase of `question` that asks for groups with no rows too, if it has one."""
    said = f" {' '.join(question.words)} "
    return next((phrase for phrase in WITH_NONE if f" {phrase} " in said), None)


def outer_groups(profile: DatabaseProfile, question: Question, found: list[Candidate]) -> list[Candidate]:
    """Each plain count or sum of `found` per row of a table the counted rows refer to, with that table's rows that
    have none as well, when the question asks for them."""
    phrase = asks_for_none(question)
    if phrase is None:
        return []
    covers, numbers = _phrase_words(question, phrase)
    readings = []
    for candidate in found:
        turned = _turned(profile, candidate)
        if turned is not None:
            readings.append(
                turned.extended(
                    covers=turned.covers | covers,
                    numbers_used=turned.numbers_used | numbers,
                    cost=turned.cost + OUTER_COST,
                    description=f"{candidate.description}, {turned.table} with none included",
                )
            )
    return readings


def none_words(question: Question, phrase: str) -> tuple[frozenset[str], frozenset[int]]:
    """The stems of the words around `phrase` (as `asks_for_none` found it) and a 0 said with it, for other readings
    that keep the rows with none (tools/sql/nested.py)."""
    return _phrase_words(question, phrase)


def _phrase_words(question: Question, phrase: str) -> tuple[frozenset[str], frozenset[int]]:
    """The stems of the words around `phrase` that it accounts for, and a 0 said with it ("0 if none")."""
    words = question.words
    length = len(phrase.split())
    start = next(i for i in range(len(words)) if words[i : i + length] == phrase.split())
    window = range(max(0, start - _WINDOW), min(len(words), start + length + _WINDOW))
    covers = frozenset(stem(words[i]) for i in window if words[i] in _AROUND)
    zeros = frozenset(n.index for n in question.numbers if n.value == 0 and n.index in window)
    return covers, zeros


def turned_outward(profile: DatabaseProfile, candidate: Candidate) -> Candidate | None:
    """`candidate` read from the grouped table with a LEFT JOIN (see `_turned`), for other readings that keep the
    groups with none (tools/sql/group_thresholds.py)."""
    return _turned(profile, candidate)


def _turned(profile: DatabaseProfile, candidate: Candidate) -> Candidate | None:
    """`candidate`, a count or sum of rows grouped by the key of the one table they refer to, read from that table
    with a LEFT JOIN; None for any other shape."""
    if (
        candidate.outer
        or len(candidate.joins) != 1
        or len(candidate.group) != 1
        or len(candidate.select) < 2
        or candidate.where
        or candidate.having is not None
        or candidate.order
        or candidate.limit is not None
        or candidate.distinct
    ):
        return None
    fk = candidate.joins[0]
    counted = profile.tables.get(candidate.table.lower())
    grouped = profile.tables.get(fk.target_table.lower())
    key = grouped.primary_key if grouped is not None else None
    if counted is None or grouped is None or key is None or fk.table.lower() != counted.name.lower():
        return None  # the counted rows must refer to the grouped table, by its key
    if fk.target_column.lower() != key.name.lower() or candidate.group[0] != col(grouped.name, key.name):
        return None
    *shown, measure = candidate.select
    grouped_name = grouped.name.rpartition(".")[2]
    if not all(isinstance(part, exp.Column) and part.table == grouped_name for part in shown):
        return None
    counted_key = counted.primary_key
    zeroed: exp.Expr
    if isinstance(measure, exp.Count) and isinstance(measure.this, exp.Star):
        # COUNT(*) would count the one joined row of NULLs: a row with none must give 0
        zeroed = exp.Count(this=col(counted.name, counted_key.name if counted_key else fk.column))
    elif isinstance(measure, exp.Sum):
        zeroed = exp.Coalesce(this=measure.copy(), expressions=[exp.Literal.number(0)])
    else:
        return None  # an average, maximum or minimum of no rows has no figure to give
    return candidate.extended(table=grouped.name, select=(*shown, zeroed), outer=True)
