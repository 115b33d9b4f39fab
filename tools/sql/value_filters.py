"""Conditions on stored values: the column that holds a value (or every value of an "or"), negated after "not"."""

from sqlglot import exp

from tools.sql.candidate import col, table_ref
from tools.sql.filter_parts import Filters, join_cost
from tools.sql.profile import ColumnProfile, DatabaseProfile, ForeignKey, TableProfile, ValueRef, towards_parents
from tools.sql.question import Question, ValueMention, column_stems, mentioned, table_stems
from tools.sql.question_words import interrogative
from tools.sql.routes import join_path
from tools.sql.value_context import either_stems, made_by, named_refs, negated_value, possessed_by
from tools.sql.wording import ALTERNATIVE, OPERATION_STEMS, stem, verb_like


def value_filters(
    profile: DatabaseProfile, question: Question, table: TableProfile, group: tuple[int, ...]
) -> list[Filters]:
    """The columns within reach of `table` that hold every value of `group`, each as one condition."""
    values = [question.values[position] for position in group]
    negated = negated_value(profile, question, values[0])
    refs, by_name = named_refs(profile, question, values[0])
    if made_by(question, values[0]):
        refs = _makers(profile, question, table, refs)
        if not by_name and len({(ref.table.lower(), ref.column.lower()) for ref in refs}) > 1:
            return []  # "tracks by Iron Maiden": the artist, or the album of that title? Two makers, no guess
    placed = []
    # "how much does <X> cost", "where does the client <X> live": no rows counted, <X> is the row asked about
    of_row = question.has_phrase("how much") or interrogative(question) is not None
    for ref in refs:
        path = join_path(profile, table.name, ref.table, question)
        owner = profile.tables.get(ref.table.lower())
        column = owner.column(ref.column) if owner else None
        if path is None or owner is None or column is None:
            continue
        linked = negated and _through_link(profile, path, table)
        if negated and not linked and not towards_parents(path, table.name):
            continue  # "customers not in ..." over their invoices: no invoice, or some other invoice? Unsure.
        if shadowed(question, table, owner, column):
            continue  # "customers in Calgary" means their own city, not their support rep's
        if _siblings(path, table.name) and all(verb_like(w) for w in question.words[values[0].start : values[0].end]):
            # "which artist has been paid the most": a verb, not the 'Paid' status of the ticket orders of the
            # festivals the artist played; a verb-like value is read only on the subject or a table it is joined
            # to one way (to the rows it refers to, or to the rows that refer to it)
            continue
        if possessed_by(question, values[0]) and ref.table.lower() == table.name.lower() and not of_row:
            continue  # "how many albums does Iron Maiden have": the value owns the rows counted, it is not one
        same = [_same_column(other, ref) for other in values[1:]]
        if not all(same):
            continue  # "Brazil or Canada" on one column only: two columns would read "or" as "and"
        stored = [ref.value, *(match.value for match in same if match is not None)]
        named = column_stems(owner, column)
        # A value that other values contain reads two ways, equal or containing: equally plain, so the
        # proposer answers only if both give the same rows. "The Rock genre" names the one genre called Rock.
        doubt = 0.5 if len(group) == 1 and not by_name and profile.contained(ref) else 0.0
        target = col(ref.table, ref.column)
        readings: list[exp.Expr] = (
            [target.eq(exp.Literal.string(ref.value))]
            if len(stored) == 1
            else [target.isin(*(exp.Literal.string(value) for value in stored))]
        )
        if doubt:
            readings.append(target.like(exp.Literal.string(f"%{ref.value}%")))
        words = {stem(w) for value in values for w in question.words[value.start : value.end]}
        words |= table_stems(owner) | ({ALTERNATIVE, *either_stems(question, group)} if len(group) > 1 else set())
        placed += [
            Filters(
                where=(
                    (_unlinked(table, path, condition) if linked else exp.not_(condition)) if negated else condition,
                ),
                joins=() if linked else path,
                covers=frozenset(named | words | (OPERATION_STEMS["not"] if negated else set())),
                values_used=frozenset(group),
                columns=frozenset({(ref.table.lower(), ref.column.lower())}),
                cost=join_cost(path, table.name) + (0.0 if mentioned(named, question) else 0.1) + doubt,
                words=f"{' '.join(named)} {_verb(condition, negated)} {' or '.join(stored)}",
                negates=negated,
            )
            for condition in readings
        ]
    return placed


def _siblings(path: tuple[ForeignKey, ...], start: str) -> bool:
    """Whether `path` from `start` runs up to a row it refers to and then down to other rows that refer to that
    one (a performance's festival's ticket orders): rows that only share a parent."""
    return (
        len(path) == 2
        and path[0].table.lower() == start.lower()
        and path[1].target_table.lower() == (path[0].target_table.lower())
    )


def _makers(
    profile: DatabaseProfile, question: Question, table: TableProfile, refs: tuple[ValueRef, ...]
) -> tuple[ValueRef, ...]:
    """The places a value after "by" may be stored as who made `table`'s rows: a column of the rows themselves
    other than their own name ("by" a composer), or a table they refer to (their artist). Never the rows' own
    name ("tracks by Iron Maiden" are not tracks called Iron Maiden), nor rows that refer to them."""
    kept = []
    for ref in refs:
        if ref.table.lower() == table.name.lower():
            if all(label.name.lower() != ref.column.lower() for label in table.labels):
                kept.append(ref)
            continue
        path = join_path(profile, table.name, ref.table, question)
        if path is not None and towards_parents(path, table.name):
            kept.append(ref)
    return tuple(kept)


def _through_link(profile: DatabaseProfile, path: tuple[ForeignKey, ...], table: TableProfile) -> bool:
    """Whether `path` runs from `table` through a link table to the table it pairs it with (track, playlist
    track, playlist): "tracks not in the playlist Music" then means no pair with that playlist, which is sure."""
    if len(path) != 2 or path[0].target_table.lower() != table.name.lower():
        return False
    link = profile.tables.get(path[0].table.lower())
    return link is not None and path[1].table.lower() == link.name.lower() and profile.is_link(link)


def _unlinked(table: TableProfile, path: tuple[ForeignKey, ...], condition: exp.Expr) -> exp.Expr:
    """`table` rows that no link row pairs with a row meeting `condition`: NOT key IN (SELECT ... JOIN ...)."""
    to_subject, to_other = path
    pairs = (
        exp.select(col(to_subject.table, to_subject.column))
        .from_(table_ref(to_subject.table))
        .join(
            table_ref(to_other.target_table),
            on=col(to_other.table, to_other.column).eq(col(to_other.target_table, to_other.target_column)),
        )
        .where(condition.copy())
    )
    return exp.not_(col(table.name, to_subject.target_column).isin(query=pairs))


def shadowed(question: Question, table: TableProfile, owner: TableProfile, column: ColumnProfile) -> bool:
    """Whether a value of another table's column would stand for the subject's own column of that name (both
    have a city): unless the question names the other table, it is about the subject's own. A name column is no
    shadow: the value is the other entity's name, and the subject's own name would hold it as a value too."""
    if owner is table or mentioned(table_stems(owner), question):
        return False
    if any(label is column for label in owner.labels):
        return False  # another entity's name ("Kettle" of categories) names that entity, never the subject's own
    named = column_stems(owner, column)
    return any(column_stems(table, own) == named for own in table.columns)


def _same_column(value: ValueMention, ref: ValueRef) -> ValueRef | None:
    return next((other for other in value.refs if (other.table, other.column) == (ref.table, ref.column)), None)


def _verb(condition: exp.Expr, negated: bool) -> str:
    verb = "contains" if isinstance(condition, exp.Like) else "is one of" if isinstance(condition, exp.In) else "is"
    return f"not {verb}" if negated else verb
