"""Orders a question asks for in so many words: "sorted by number of tracks", "in descending order of X" (issue 15).

A list or a grouping answered without the ORDER BY the question asks for gives the right rows in the wrong order, a
wrong answer; so an asked order is a cue (tools/sql/cues.py) that only a reading with an ORDER BY meets. A count
per group can be ordered by that count ("records sorted by number of songs"): `counted_orders` builds it, ascending
unless the question says descending ("descending", "most first", "highest first").
"""

from collections.abc import Iterator

from sqlglot import exp

from tools.sql.candidate import Candidate
from tools.sql.question import Question
from tools.sql.shape_parts import sort_direction
from tools.sql.wording import ASCENDING, DESCENDING, OPERATION_STEMS, stems

_ORDER_VERBS = frozenset("sort sorted ordered".split())  # "ordered by", "sorted by name", "sort them by"
_DIRECTED = frozenset("ascending descending alphabetical alphabetically".split())
_COUNT_WORDS = (("number", "of"), ("count", "of"), ("how", "many"))
_BY = frozenset({"by", "of"})
_DIRECTION_STEMS = stems(sorted(DESCENDING | ASCENDING | {"first"}))  # "most first", "highest first"


def asked_order(question: Question) -> str | None:
    """The words that ask for an order ("sorted", "in descending order", "alphabetically"), if any. "order" on its
    own asks for one only in "in ... order" or "order by": a shop's orders are no order to sort by."""
    in_value = {i for value in question.values for i in range(value.start, value.end)}
    words = [w if i not in in_value else "" for i, w in enumerate(question.words)]
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else ""
        if word in _DIRECTED or (word in _ORDER_VERBS and following in ("by", "in", "them", "it", "alphabetically")):
            return word
        if word == "order" and (following == "by" or "in" in words[max(0, index - 3) : index]):
            return " ".join(words[max(0, index - 2) : index + 1]).strip()
    return None


def unordered(question: Question, candidate: Candidate) -> list[str]:
    """The order words, when the question asks for an order and `candidate` has none."""
    phrase = asked_order(question)
    return [phrase] if phrase is not None and not candidate.order else []


def counted_orders(question: Question, found: list[Candidate]) -> Iterator[Candidate]:
    """Each count per group of `found`, ordered by the count, when the question asks to order by a number of rows
    ("sorted by the number of songs", "in descending order of how many orders")."""
    if asked_order(question) is None or not orders_by_count(question):
        return
    descending = bool(sort_direction(question))
    for candidate in found:
        if not candidate.group or candidate.order or candidate.limit is not None or candidate.having is not None:
            continue
        counts = [part for part in candidate.select if isinstance(part, exp.Count)]
        if len(counts) != 1:
            continue
        yield candidate.extended(
            order=(exp.Ordered(this=counts[0].copy(), desc=descending),),
            covers=candidate.covers | OPERATION_STEMS["order"] | _DIRECTION_STEMS,
            description=f"{candidate.description}, {'highest' if descending else 'lowest'} count first",
        )


def orders_by_count(question: Question) -> bool:
    """Whether a count follows "by"/"of" within two words of the order words: what the rows are ordered by."""
    words = question.words
    for index, word in enumerate(words):
        if word not in _BY:
            continue
        after = [w for w in words[index + 1 : index + 5] if w != "the"]
        if any(tuple(after[:2]) == lead for lead in _COUNT_WORDS):
            return True
    return False


_FIRST = "first"


def directed_firsts(question: Question, candidate: Candidate) -> frozenset[str]:
    """The stem of "first" when `candidate` orders its rows the way every "first" of the question says: "highest
    first" after a descending order, "earliest first" after an ascending one. Such a "first" only restates the
    order. Any other "first" ("the first album", "first name") may pick a row or a column, so then none is
    accounted for."""
    positions = [i for i, word in enumerate(question.words) if word == _FIRST]
    if not positions or not candidate.order:
        return frozenset()
    descending = {bool(part.args.get("desc")) for part in candidate.order}
    if len(descending) != 1:
        return frozenset()
    wanted = DESCENDING if descending.pop() else ASCENDING
    if all(i > 0 and question.words[i - 1] in wanted for i in positions):
        return frozenset({_FIRST})
    return frozenset()
