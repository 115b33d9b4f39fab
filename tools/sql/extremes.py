"""Superlative adjectives on a measure: "the most expensive", "the longest", "the youngest" as the rows at its extreme.

An adjective speaks of one kind of measure, and a column is that measure only by its own name words and type: a
money column (price, cost, amount, total, fee) for "expensive" and "cheapest", a duration or length for
"longest", a size in bytes for "largest", a birth date (or an age) for "youngest" and "oldest", a date for
"most recent" and "earliest". The subject's one column of that measure gives the rows equal to its MAX or MIN
(ties kept), showing the subject's name; none or two such columns give no reading, so the question is declined.
A verb of a measure reads alike ("costs the most"); what the winner is shown with ("plus its price", "and its
supplier") is tools/sql/winner_companions.py's.
"""

from dataclasses import dataclass
from typing import Literal

from sqlglot import exp

from tools.sql.candidate import Candidate, col
from tools.sql.profile import ColumnProfile, DatabaseProfile, TableProfile, name_words
from tools.sql.question import Question, column_stems, mentioned
from tools.sql.shape_parts import Named, projection, showable, shown_covers, top_n, with_columns
from tools.sql.winner_companions import companion, named_before
from tools.sql.wording import stems

Direction = Literal["max", "min"]
Measure = Literal["money", "duration", "size", "weight", "height", "age", "date"]

MEASURE_WORDS: dict[Measure, frozenset[str]] = {
    "money": frozenset("price cost amount total fee charge".split()),
    "duration": frozenset(
        "milliseconds millisecond ms seconds second minutes minute hours hour duration length runtime".split()
    ),
    "size": frozenset("bytes byte size kb mb gb kilobytes megabytes".split()),
    "weight": frozenset("weight kg kilograms grams mass".split()),
    "height": frozenset("height".split()),
}
_ADJECTIVES: dict[str, tuple[Measure, Direction]] = {
    "expensive": ("money", "max"),
    "costly": ("money", "max"),
    "pricey": ("money", "max"),
    "priciest": ("money", "max"),
    "dearest": ("money", "max"),
    "cheapest": ("money", "min"),
    "longest": ("duration", "max"),
    "shortest": ("duration", "min"),
    "largest": ("size", "max"),
    "biggest": ("size", "max"),
    "smallest": ("size", "min"),
    "heaviest": ("weight", "max"),
    "lightest": ("weight", "min"),
    "tallest": ("height", "max"),
    "youngest": ("age", "min"),
    "oldest": ("age", "max"),
    "newest": ("date", "max"),
    "latest": ("date", "max"),
    "recent": ("date", "max"),
    "earliest": ("date", "min"),
}
_AFTER_MOST = frozenset("expensive costly pricey recent".split())  # "most expensive", "least recent"
# "which product costs the most", "the dog that weighs the least": the verb of a measure, then "(the) most / least"
_VERBS: dict[str, Measure] = {"cost": "money", "costs": "money", "weigh": "weight", "weighs": "weight"}
# the words this module reads as a measure's extreme: a rewording into schema names (tools/sql/synonyms.py) must
# leave them as written, or "the heaviest product" would become "the weight product" and lose its superlative
EXTREME_WORDS = frozenset(_ADJECTIVES) | frozenset(_VERBS)
_BIRTH = frozenset("birth born dob".split())
_AGE = "age"


@dataclass(frozen=True, slots=True)
class Superlative:
    """Words `start:end` ("most expensive", "youngest") ask for the `direction` of a `measure`."""

    start: int
    end: int
    measure: Measure
    direction: Direction


def superlatives(question: Question) -> list[Superlative]:
    """The superlative adjectives of `question` outside its stored values."""
    words = question.words
    in_value = {i for value in question.values for i in range(value.start, value.end)}
    found = []
    for index, word in enumerate(words):
        verbal = _verbal(words, index) if index not in in_value else None
        if verbal is not None:
            found.append(verbal)
            continue
        if index in in_value or word not in _ADJECTIVES:
            continue
        measure, direction = _ADJECTIVES[word]
        before = words[index - 1] if index else ""
        if word in _AFTER_MOST:
            if before not in ("most", "least"):
                continue
            flipped: Direction = "min" if direction == "max" else "max"
            found.append(Superlative(index - 1, index + 1, measure, direction if before == "most" else flipped))
        else:
            found.append(Superlative(index, index + 1, measure, direction))
    return found


def _verbal(words: list[str], index: int) -> Superlative | None:
    """At `index`, "costs the most" / "weighs least": the most (least) of the verb's measure."""
    if words[index] not in _VERBS:
        return None
    end = index + 2 if words[index + 1 : index + 2] == ["the"] else index + 1
    if words[end : end + 1] not in (["most"], ["least"]):
        return None
    return Superlative(index, end + 1, _VERBS[words[index]], "max" if words[end] == "most" else "min")


def extremes(
    profile: DatabaseProfile, question: Question, base: Candidate, table: TableProfile, named: list[Named]
) -> list[Candidate]:
    """The rows of `base` at the extreme the question's one superlative asks for, on the one column of its measure:
    `= (SELECT MAX(...))` over the same rows, so ties are kept; "the 3 most expensive" orders and takes three."""
    asked = superlatives(question)
    if len(asked) != 1:
        return []  # "the cheapest of the longest": two extremes at once is no reading here
    superlative = asked[0]
    measured = _measured(question, table, superlative)
    if measured is None:
        return []
    column, direction = measured
    ref = col(table.name, column.name)
    pair = companion(profile, question, table)  # "the cheapest product, plus its price"
    if pair is not None:
        if not pair.columns:
            return []  # "and its reviews", "and its most expensive rival": no one Y of the winner
        named = named_before(question, pair.start, table, named)
    # "the charge amount of the most expensive charge type": the noun the adjective qualifies is the row asked
    # about, not a column to show beside the one asked for
    qualified = [(t, c) for t, c in named if _qualified(question, superlative, c)]
    rest = [n for n in showable(question, named) if n not in qualified]
    shown, guess = projection(table, rest or qualified)
    if pair is not None:
        shown = [*shown, *(n for n in pair.columns if n not in shown)]
    joined = with_columns(profile, question, base, shown) if shown else None
    if joined is None:
        return []
    said = stems(question.words[superlative.start : superlative.end])
    covers = joined.covers | shown_covers(shown, bool(guess)) | column_stems(table, column) | said
    if pair is not None:
        covers |= pair.covers
        # the extreme is the subject's own: a winner with no parent row still wins, and shows no Y (LEFT JOIN)
        joined = joined.extended(outer=not base.joins)
        measured_over = base
    else:
        measured_over = joined
    covers |= frozenset().union(*(column_stems(t, c) for t, c in qualified))
    select = tuple(col(t.name, c.name) for t, c in shown)
    description = f"{', '.join(c.name for _, c in shown)} of {base.description} with the {direction} {column.name}"
    limit, used = top_n(question, joined.numbers_used)
    if used != joined.numbers_used:
        ordering = exp.Ordered(this=ref, desc=direction == "max")
        ordered = joined.extended(
            select=select,
            order=(ordering,),
            limit=limit,
            numbers_used=used,
            covers=covers,
            cost=joined.cost + guess,
            description=f"{description} (the first {limit})",
        )
        return [ordered]
    aggregate = exp.Max if direction == "max" else exp.Min
    inner = measured_over.extended(select=(aggregate(this=ref.copy()),), distinct=False).query().subquery()
    # "how old is the oldest patient" shows only the measure: every row at the extreme holds the same value, so
    # the answer is that one value (as MAX gives it), not one copy per tied row
    only_measure = all(c is column and t is table for t, c in shown)
    at_extreme = joined.extended(
        select=select,
        where=(*joined.where, ref.eq(inner)),
        distinct=joined.repeats_rows or only_measure,
        covers=covers,
        cost=joined.cost + guess,
        description=description,
    )
    return [at_extreme]


def _measured(
    question: Question, table: TableProfile, superlative: Superlative
) -> tuple[ColumnProfile, Direction] | None:
    """The one column of `table` the superlative's measure names, and which end of it is asked for."""
    direction = superlative.direction
    if superlative.measure == "age":
        births = [c for c in table.columns if c.kind == "date" and _words(c) & _BIRTH]
        ages = [c for c in table.columns if c.kind == "number" and _AGE in _words(c)]
        if len(births) + len(ages) != 1:
            return None
        if births:  # the youngest was born last
            return births[0], "max" if direction == "min" else "min"
        return ages[0], direction
    if superlative.measure == "date":
        dates = [c for c in table.columns if c.kind == "date" and not _words(c) & _BIRTH]
        said = [c for c in dates if mentioned(column_stems(table, c), question)]
        chosen = said or dates
        return (chosen[0], direction) if len(chosen) == 1 else None
    wanted = stems(sorted(MEASURE_WORDS[superlative.measure]))
    columns = [
        c for c in table.columns if c.kind == "number" and not c.primary_key and stems(name_words(c.name)) & wanted
    ]
    return (columns[0], direction) if len(columns) == 1 else None


def _qualified(question: Question, superlative: Superlative, column: ColumnProfile) -> bool:
    """Whether the words right after the superlative are the column's whole name ("most expensive charge type")."""
    words = name_words(column.name)
    return stems(question.words[superlative.end : superlative.end + len(words)]) == stems(words)


def _words(column: ColumnProfile) -> set[str]:
    return set(name_words(column.name))
