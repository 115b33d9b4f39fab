"""Averages of counts: "on average, how many tracks does an album have", "the average number of orders per customer"
is the count of the rows per row they refer to, averaged.

Written as one aggregate, `COUNT(*) * 1.0 / COUNT(DISTINCT track.album_id)` over tracks that have an album, so
it renders like every other candidate; the average is over the albums that have tracks, as a count per album
grouped from the tracks would give. When the question asks for those with none too ("including customers with
none"), the average is read from the parents, `LEFT JOIN`ed to the counted rows: `COUNT(orders.order_id) * 1.0 /
COUNT(DISTINCT customer.customer_id)`, so a customer with no order counts as 0 (only with no other condition, which
would have to move into the join to keep the zeros).
"""

from collections.abc import Iterator

from sqlglot import exp

from tools.sql.candidate import Candidate, col
from tools.sql.outer_groups import OUTER_COST, asks_for_none, none_words
from tools.sql.profile import DatabaseProfile, ForeignKey, TableProfile
from tools.sql.question import Question, mentioned, subject_stems, table_stems
from tools.sql.routes import join_path
from tools.sql.wording import FILLER, OPERATION_STEMS, stem

_COUNTED = (("how", "many"), ("number", "of"))  # "what is the average number of orders": the orders are counted
_PER = "per"


def averaged_counts(
    profile: DatabaseProfile, question: Question, base: Candidate, table: TableProfile
) -> Iterator[Candidate]:
    """The average number of `table` rows per row of a named table they refer to, when the question asks for an
    average of a count of `table` ("on average, how many ...", "the average number of ... per ...")."""
    if not (question.asks("avg") and question.asks("count")):
        return
    if not (subject_stems(question) | subject_stems(question, _COUNTED)) & table_stems(table):
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
        covers = base.covers | table_stems(parent) | OPERATION_STEMS["count"] | OPERATION_STEMS["avg"]
        covers |= {_PER} if _per(question, parent) else set()
        averaged = base.extended(
            select=(per_parent,),
            where=(*base.where, key.copy().is_(exp.Null()).not_()),
            covers=covers,
            description=f"average number of {base.description} per {parent.name}",
        )
        yield averaged
        outer = _with_none(question, averaged, table, parent, fk)
        if outer is not None:
            yield outer


def _per(question: Question, parent: TableProfile) -> bool:
    """Whether "per" comes right before the words naming `parent` ("per customer", "per the customer")."""
    words, own = question.words, table_stems(parent)
    following = [w for w in words[words.index(_PER) + 1 :] if w not in FILLER] if _PER in words else []
    return bool(following) and stem(following[0]) in own


def _with_none(
    question: Question, averaged: Candidate, table: TableProfile, parent: TableProfile, fk: ForeignKey
) -> Candidate | None:
    """`averaged` over every `parent` row, those with no `table` row counting 0, when the question asks for them."""
    phrase = asks_for_none(question)
    if phrase is None or averaged.joins or len(averaged.where) != 1 or parent.primary_key is None:
        return None
    counted = col(table.name, table.primary_key.name if table.primary_key else fk.column)
    per_parent = exp.Div(
        this=exp.Mul(this=exp.Count(this=counted), expression=exp.Literal.number(1.0)),
        expression=exp.Count(this=exp.Distinct(expressions=[col(parent.name, parent.primary_key.name)])),
    )
    covers, numbers = none_words(question, phrase)
    return averaged.extended(
        table=parent.name,
        select=(per_parent,),
        joins=(fk,),
        where=(),
        outer=True,
        covers=averaged.covers | covers,
        numbers_used=averaged.numbers_used | numbers,
        cost=averaged.cost + 1 + OUTER_COST,
        description=f"{averaged.description}, {parent.name} with none included",
    )
