"""The distinct X of "how many different X" that the subject's rows lead to by foreign keys (issue 15).

"How many different products have clients purchased" counts the distinct products the purchases refer to, not
the purchases and not every product: `COUNT(DISTINCT product.product_id)` over the rows of the table that refers
to them, with that table's conditions. The key is counted, never the name, since names may repeat. X must be the
noun right after "different" / "distinct" / "unique", name exactly one table the rows reach towards their parents,
and the rows must be a table the question names too: otherwise there is nothing to go through, and the plain
count of X's own rows (tools/sql/shapes.py) is the reading.
"""

from sqlglot import exp

from tools.sql.candidate import Candidate, col, merge_joins
from tools.sql.profile import DatabaseProfile, TableProfile, towards_parents
from tools.sql.question import Question, table_stems
from tools.sql.routes import join_path
from tools.sql.wording import OPERATION_STEMS, stem


def _after_distinct(question: Question) -> str | None:
    words = question.words
    for index, word in enumerate(words[:-1]):
        if word in OPERATION_STEMS["distinct"]:
            return stem(words[index + 1])
    return None


def distinct_reached(
    profile: DatabaseProfile, question: Question, base: Candidate, table: TableProfile
) -> list[Candidate]:
    """The number of different X that rows of `table` (with `base`'s conditions) refer to."""
    noun = _after_distinct(question) if question.asks("count") else None
    if noun is None or noun in table_stems(table):
        return []
    targets = [t for t in profile.tables.values() if noun in table_stems(t) and t is not table]
    if len(targets) != 1 or targets[0].primary_key is None:
        return []
    target = targets[0]
    path = join_path(profile, table.name, target.name, question)
    if path is None or not path or not towards_parents(path, table.name):
        return []
    assert target.primary_key is not None
    joins = merge_joins(base.joins, path)
    counted = exp.Count(this=exp.Distinct(expressions=[col(target.name, target.primary_key.name)]))
    return [
        base.extended(
            select=(counted,),
            joins=joins,
            cost=base.cost + len(joins) - len(base.joins),
            covers=base.covers | table_stems(target) | OPERATION_STEMS["count"] | OPERATION_STEMS["distinct"],
            description=f"number of different {target.name} of " + base.description,
        )
    ]
