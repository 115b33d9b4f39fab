"""Light verbs: "live in", "work in", "contain", "belong to", "come from", "have" (issue 15).

These verbs say that two things the question names are related, and nothing more: "customers who live in Oslo" are
the customers whose city is Oslo, "how many songs does the record <R> contain" counts the songs of that record. A
reading accounts for one only when it already expresses a relation the question's other words chose: a condition
(the value picked the column), a join or a grouping (tools/sql/ranking.py). The verb never picks a column or a
table itself: a verb whose stem names one of the schema's tables or columns (a `works` table) is no light verb, and
"where do customers live" (no value, no group) stays unaccounted, so it is declined.

"out of" after a light verb or a verb of where a thing is based ("work / operate / ship out of the Lakeway clinic")
reads as "at" / "from": the verb and its "out" are light, the "of" filler. "run out of" is not read (it may mean
to have none left: "products that ran out of stock"), nor an "out" anywhere else in the question.
"""

from tools.sql.question import Question
from tools.sql.wording import stems

LIGHT_VERBS = frozenset(
    """live lives lived living work works worked working contain contains contained include includes included
    belong belongs belonged come comes came have has had""".split()
)
_CONTAINS = frozenset("contain contains".split())
_BASED_AT = frozenset("operate operates operated operating ship ships shipped shipping".split())  # before "out of"
_OUT_OF = ("out", "of")


def light_verbs(question: Question, schema_stems: set[str]) -> frozenset[str]:
    """The stems of the question's light verbs that name nothing in the schema."""
    in_value = {i for value in question.values for i in range(value.start, value.end)}
    words = question.words
    found = {w for i, w in enumerate(words) if w in LIGHT_VERBS and i not in in_value}
    outs = [i for i, w in enumerate(words) if w == _OUT_OF[0] and i not in in_value]
    based = [i for i in outs if i and tuple(words[i : i + 2]) == _OUT_OF and words[i - 1] in LIGHT_VERBS | _BASED_AT]
    if outs and based == outs and not {i - 1 for i in based} & in_value:
        found |= {_OUT_OF[0], *(words[i - 1] for i in based)}
    return frozenset(stems(sorted(found)) - schema_stems)


def trailing_contains(question: Question) -> bool:
    """Whether "contain" ends the question ("how many songs does the record <R> contain"): a relation, not the
    substring match "containing 'love'" asks for (tools/sql/cues.py)."""
    words = question.words
    return bool(words) and words[-1] in _CONTAINS and sum(w in _CONTAINS for w in words) == 1
