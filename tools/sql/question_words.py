"""Question words that ask for a column by its type: "when" a date, "where" a place, "how old" an age, "how long" a
duration or a length (tools/sql/interrogatives.py reads the column). Such a question asks about the row a value
names, not about rows it owns: "where does the client Hal Kerr live" is Hal Kerr's own row."""

from dataclasses import dataclass
from typing import Literal

from tools.sql.question import Question

Kind = Literal["date", "place", "age", "duration"]

# verbs of another relation: "where does Ann work" is her workplace, not the city she lives in
_OTHER_RELATIONS = frozenset(
    """work works worked working study studies studied contain contains contained include includes included belong
    belongs belonged have has had buy buys bought sell sells sold play plays played teach teaches taught""".split()
)


@dataclass(frozen=True, slots=True)
class Interrogative:
    """Words `start:end` of the question ("when", "how old") ask for a column of `kind`."""

    start: int
    end: int
    kind: Kind


def interrogative(question: Question) -> Interrogative | None:
    """The question word that asks for a column: "when" or "where" opening the question (elsewhere they join
    clauses, or are SQL), "how old" or "how long" anywhere outside a stored value. "Where" with a verb of some
    other relation ("where does Ann work") asks for no place the row holds."""
    words = question.words
    in_value = {i for value in question.values for i in range(value.start, value.end)}
    if words[:1] == ["when"]:
        return Interrogative(0, 1, "date")
    if words[:1] == ["where"] and not _OTHER_RELATIONS & set(words):
        return Interrogative(0, 1, "place")
    for index in range(len(words) - 1):
        if words[index] == "how" and not {index, index + 1} & in_value:
            if words[index + 1] == "old":
                return Interrogative(index, index + 2, "age")
            if words[index + 1] == "long":
                return Interrogative(index, index + 2, "duration")
    return None
