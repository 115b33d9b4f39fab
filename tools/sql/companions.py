"""Along with their X, with their X, plus / and / including its X: the subject's rows shown by their names, and X
beside them (issue 15; a superlative's winner, tools/sql/winner_companions.py).

"List the customers from Paris along with their email" asks for each customer and that customer's email: showing
the emails alone does not say whose they are, so a list that shows only X is declined (tools/sql/cues.py) and
`with_names` puts the subject's row-naming columns before X.
"""

from tools.sql.profile import TableProfile
from tools.sql.question import Question
from tools.sql.shape_parts import Named

WITH_THEIR = (
    "with their",
    "with its",
    "along with",
    "together with",
    "as well as their",
    "as well as its",
    "plus their",
    "plus its",
    "and their",
    "and its",
    "including their",
    "including its",
)


def with_names(question: Question, table: TableProfile, shown: list[Named]) -> list[Named]:
    """`shown` with `table`'s naming columns first, when the question asks for X "with their" X, every column shown
    is `table`'s own and none of them names its rows yet; otherwise `shown` as it is."""
    if not any(question.has_phrase(phrase) for phrase in WITH_THEIR) or not shown:
        return shown
    labels = table.labels
    if not labels or any(owner is not table or column in labels for owner, column in shown):
        return shown  # "their" X is the subject's own: a column of another table is no X of theirs
    return [*((table, label) for label in labels), *shown]
