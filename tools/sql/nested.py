"""Averages of counts: "on average, how many tracks does an album have" is the count of tracks per album, averaged.

Written as one aggregate, `COUNT(*) * 1.0 / COUNT(DISTINCT track.album_id)` over tracks that have an album, so
it renders like every other candidate; the average is over the albums that have tracks, as a count per album
grouped from the tracks would give.
"""

from collections.abc import Iterator

from sqlglot import exp

from tools.sql.candidate import Candidate, col
from tools.sql.profile import DatabaseProfile, TableProfile
from tools.sql.question import Question, mentioned, subject_stems, table_stems
from tools.sql.routes import join_path
from tools.sql.wording import OPERATION_STEMS


def averaged_counts(
    profile: DatabaseProfile, question: Question, base: Candidate, table: TableProfile
) -> Iterator[Candidate]:
    """The average number of `table` rows per row of a named table they refer to, when the question asks for an
    average of a count of `table` ("on average, how many ...")."""
    if not (question.asks("avg") and question.asks("count")) or not subject_stems(question) & table_stems(table):
        return
    parents = dict.fromkeys(
        fk.target_table.lower() for fk in profile.foreign_keys if fk.table.lower() == table.name.lower()
    )
    for name in parents:
        parent = profile.tables.get(name)
        if parent is None or parent is table or not mentioned(table_stems(parent), question):
            continue
        # an origin and a destination airport: the key the words name, else no average at all
        path = join_path(profile, table.name, parent.name, question)
        if path is None or len(path) != 1 or path[0].table.lower() != table.name.lower():
            continue
        fk = path[0]
        key = col(table.name, fk.column)
        per_parent = exp.Div(
            this=exp.Mul(this=exp.Count(this=exp.Star()), expression=exp.Literal.number(1.0)),
            expression=exp.Count(this=exp.Distinct(expressions=[key])),
        )
        yield base.extended(
            select=(per_parent,),
            where=(*base.where, key.copy().is_(exp.Null()).not_()),
            covers=base.covers | table_stems(parent) | OPERATION_STEMS["count"] | OPERATION_STEMS["avg"],
            description=f"average number of {base.description} per {parent.name}",
        )
