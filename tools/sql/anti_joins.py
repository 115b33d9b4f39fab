"""Rows that no row (or some row) of another table refers to: "artists without albums", "shops that hire no one".

The referring table is either named ("dogs that went through a treatment") or a table between the subject and a
table the question names ("shops without employees": hiring rows refer to a shop and to an employee). A named
table the referring rows also point to qualifies them ("professionals who did no treatment on dogs").
"""

from sqlglot import exp

from tools.sql.candidate import Candidate, col, table_ref
from tools.sql.existence import asks_existence
from tools.sql.profile import DatabaseProfile, ForeignKey, TableProfile, name_words
from tools.sql.question import Question, asked_elsewhere, mentioned, table_stems
from tools.sql.routes import join_path
from tools.sql.wording import OPERATION_STEMS, participle_stems, stem

THROUGH_COST = 0.3  # a referring table the question does not name is read from the tables around it


def anti_joins(
    profile: DatabaseProfile, question: Question, table: TableProfile, found: list[Candidate]
) -> list[Candidate]:
    """Counts and lists of `table` rows that no row (or some row) of a referring table points to; the words
    linking the two ("went through", "did not operate") are accounted for by the link."""
    negated = question.asks("not")
    link = question.linking
    readings = []
    for fk in profile.foreign_keys:
        other = profile.tables.get(fk.table.lower())
        if fk.target_table.lower() != table.name.lower() or other is None or other is table:
            continue
        if join_path(profile, table.name, other.name, question) != (fk,):
            continue  # a flight's origin and destination airport: the key the words name, else neither
        # a qualifier needs a word that asks whether such rows exist: "the size of their dog" asks for none
        existence = negated or asks_existence(question)
        qualifiers = _qualifiers(profile, question, table, other) if existence else []
        named = mentioned(table_stems(other), question)
        if not named:
            # "doctors without patients", visits and prescriptions both between them: the one the words name
            qualifiers = [
                q for q in qualifiers if (join_path(profile, table.name, q.name, question) or ())[:1] == (fk,)
            ]
        if not named and not qualifiers:
            continue
        if profile.is_link(other) and _said_as_phrase(question, other):
            continue  # "how many ward doctors are there" asks for the pairs, which are never counted as wards
        covers = frozenset().union(*(table_stems(q) for q in qualifiers)) | (table_stems(other) if named else set())
        # "doctors who have written prescriptions": an irregular verb is the relation only to the table it names
        covers |= participle_stems(question.words) if named else set()
        condition = _refers(table, fk)
        # "which books are on the Classics shelf", over shelves: the link's name says "book", but no book is shown
        unread = asked_elsewhere(profile, question, table)
        for candidate in found:
            if (
                candidate.negates
                or candidate.group
                or candidate.order
                or candidate.tables & ({other.name.lower()} | _names(qualifiers))
            ):
                continue
            readings.append(
                candidate.extended(
                    where=(*candidate.where, exp.not_(condition) if negated else condition),
                    covers=(candidate.covers | covers | link | (OPERATION_STEMS["not"] if negated else set())) - unread,
                    # "that have some": the last resort
                    cost=candidate.cost + (0.0 if negated else 2.0) + (0.0 if named else THROUGH_COST),
                    description=f"{candidate.description} that {'no' if negated else 'some'} {other.name} refers to"
                    + (f" with {', '.join(q.name for q in qualifiers)}" if qualifiers else ""),
                )
            )
    return readings


def _qualifiers(
    profile: DatabaseProfile, question: Question, table: TableProfile, referring: TableProfile
) -> list[TableProfile]:
    """Named tables, other than `table`, that `referring` points to by one key of its own."""
    found = []
    for fk in profile.foreign_keys:
        target = profile.tables.get(fk.target_table.lower())
        if fk.table.lower() != referring.name.lower() or target is None or target in (table, referring):
            continue
        if mentioned(table_stems(target), question) and target not in found:
            found.append(target)
    return found


def _said_as_phrase(question: Question, table: TableProfile) -> bool:
    """Whether the question says `table`'s name of several words as it is written, together ("ward doctors")."""
    wanted = [stem(word) for word in name_words(table.name)]
    said = [stem(word) for word in question.words]
    return len(wanted) > 1 and any(said[i : i + len(wanted)] == wanted for i in range(len(said) - len(wanted) + 1))


def _names(tables: list[TableProfile]) -> set[str]:
    return {t.name.lower() for t in tables}


def _refers(table: TableProfile, fk: ForeignKey) -> exp.Expr:
    referring = col(fk.table, fk.column)
    subquery = exp.select(referring).from_(table_ref(fk.table)).where(referring.copy().is_(exp.Null()).not_())
    return col(table.name, fk.target_column).isin(query=subquery)
