"""Two values of one column of the rows that refer to the subject, both held or one without the other: "students
enrolled in both Algebra and Biology", "shops that have tea but not coffee".

One join can never read these: a WHERE `subject = 'Algebra' AND subject = 'Biology'` on one enrollment row is
always empty. Each value is a subquery of its own, `key IN (SELECT ... 'Algebra') AND key IN (SELECT ...
'Biology')`, or `AND NOT key IN (...)` for "but not". Only rows that refer to the subject can hold both: a value
of the subject's own column, or of a row it refers to, is one value per row, and such questions read as before.
"""

from dataclasses import dataclass

from sqlglot import exp

from tools.sql.candidate import col, table_ref
from tools.sql.filter_parts import Filters, join_cost
from tools.sql.profile import DatabaseProfile, ForeignKey, TableProfile, ValueRef
from tools.sql.question import Question, column_stems, mentioned, table_stems
from tools.sql.routes import join_path
from tools.sql.value_context import GLUE, MAX_GLUE, named_refs, negated_value, preceded_by
from tools.sql.value_filters import shadowed
from tools.sql.wording import OPERATION_STEMS, stem

BOTH = "both"
# the words between the two values, and whether the second is excluded; plain "A and B" is not among them: it
# also lists two sets ("students in Algebra and Biology": each course's students)
_JOINERS: tuple[tuple[tuple[str, ...], bool], ...] = (
    (("as", "well", "as"), False),
    (("and", "also"), False),
    (("but", "not"), True),
    (("and", "not"), True),
    (("and",), False),  # only after "both"
)


@dataclass(frozen=True, slots=True)
class Conjunction:
    """Values `first` and `second` (positions in `Question.values`) joined by "both ... and", "as well as", "and
    also" (both held) or "but not", "and not" (`excluded`: the first held, the second not); `covers` are the
    stems of the joining words."""

    first: int
    second: int
    excluded: bool
    covers: frozenset[str]


def conjunctions(profile: DatabaseProfile, question: Question) -> list[Conjunction]:
    """The pairs of adjacent values the question joins by "both ... and", "as well as", "and also", "but not" or
    "and not". A value of an "or" group, or after a "not" of its own, is in no pair."""
    alternatives = {position for group in question.alternatives for position in group}
    found = []
    for position in range(len(question.values) - 1):
        if {position, position + 1} & alternatives:
            continue
        first, second = question.values[position], question.values[position + 1]
        if negated_value(profile, question, first):
            continue  # "not in both A and B": not one row's values, nor a pair this reads
        between = question.words[first.end : second.start]
        for words, excluded in _JOINERS:
            rest = between[len(words) :]
            if tuple(between[: len(words)]) != words or len(rest) > MAX_GLUE or not set(rest) <= GLUE:
                continue
            if words == ("and",) and not preceded_by(question, first.start, BOTH):
                continue
            covers = {stem(word) for word in words} | (OPERATION_STEMS["not"] if excluded else set())
            found.append(Conjunction(position, position + 1, excluded, frozenset(covers)))
            break
    return found


def conjoined_filters(
    profile: DatabaseProfile, question: Question, table: TableProfile, pair: Conjunction
) -> list[Filters]:
    """The two values of `pair` on one column of rows that refer to `table`, each as a subquery on `table`'s key;
    none when no such column holds both (the subject's own column, or one of a row it refers to, holds one value
    per row: the question then reads as without the pair)."""
    first, second = question.values[pair.first], question.values[pair.second]
    refs, _ = named_refs(profile, question, first)
    others, _ = named_refs(profile, question, second)
    placed = []
    for ref in refs:
        other = next((o for o in others if _same_column(o, ref)), None)
        owner = profile.tables.get(ref.table.lower())
        column = owner.column(ref.column) if owner else None
        path = join_path(profile, table.name, ref.table, question)
        if other is None or owner is None or column is None or not path or not _from_referring(path, table):
            continue
        if shadowed(question, table, owner, column):
            continue  # "students in both Oslo and Rome" asks of the students' own city, which holds one
        named = column_stems(owner, column)
        held = _held(table, path, ref, excluded=False)
        rest = _held(table, path, other, excluded=pair.excluded)
        words = {stem(w) for value in (first, second) for w in question.words[value.start : value.end]}
        rows = path[0].table
        placed.append(
            Filters(
                where=(held, rest),
                covers=frozenset(named | words | table_stems(owner) | pair.covers),
                values_used=frozenset({pair.first, pair.second}),
                columns=frozenset({(ref.table.lower(), ref.column.lower())}),
                cost=join_cost(path, table.name) + (0.0 if mentioned(named, question) else 0.1),
                words=f"some {rows} has {column.name} {ref.value} and {'no' if pair.excluded else 'some'} {rows} "
                f"has {column.name} {other.value}",
                negates=pair.excluded,
            )
        )
    return placed


def _held(table: TableProfile, path: tuple[ForeignKey, ...], ref: ValueRef, *, excluded: bool) -> exp.Expr:
    """`table` rows that some row along `path` (the first one refers to `table`) with `ref`'s value refers to:
    `key IN (SELECT fk FROM referring JOIN ... WHERE column = value)`, or, excluded, `NOT key IN (...)` with the
    NULL keys left out of the subquery (one NULL would make every NOT IN unknown)."""
    to_subject = path[0]
    referring = col(to_subject.table, to_subject.column)
    query = exp.select(referring).from_(table_ref(to_subject.table))
    joined = {to_subject.table.lower()}
    for fk in path[1:]:
        new = fk.target_table if fk.table.lower() in joined else fk.table
        query = query.join(table_ref(new), on=col(fk.table, fk.column).eq(col(fk.target_table, fk.target_column)))
        joined.add(new.lower())
    query = query.where(col(ref.table, ref.column).eq(exp.Literal.string(ref.value)))
    key = col(table.name, to_subject.target_column)
    if not excluded:
        return key.isin(query=query)
    return exp.not_(key.isin(query=query.where(referring.copy().is_(exp.Null()).not_())))


def _from_referring(path: tuple[ForeignKey, ...], table: TableProfile) -> bool:
    """Whether `path` starts at rows that refer to `table` (many per subject row), not at a row `table` refers to."""
    first = path[0]
    return first.target_table.lower() == table.name.lower() and first.table.lower() != table.name.lower()


def _same_column(value: ValueRef, ref: ValueRef) -> bool:
    return (value.table.lower(), value.column.lower()) == (ref.table.lower(), ref.column.lower())
