"""A name the rows' own free-text column holds and the naming column of an entity they refer to holds too (issue
15): "the heaviest Acme product", where Acme is a maker and also in `products.designed_by`. The natural reading is
the entity the rows belong to; the rows' own column is a guess unless the question says so ("designed by Acme",
"whose designer is Acme"), so a reading that puts the name on the rows' own column is declined."""

from sqlglot import exp

from tools.sql.candidate import Candidate
from tools.sql.profile import DatabaseProfile, towards_parents
from tools.sql.question import Question, ValueMention, column_stems, mentioned
from tools.sql.routes import join_path
from tools.sql.value_context import made_by


def own_column_over_entity(question: Question, candidate: Candidate, profile: DatabaseProfile) -> list[str]:
    """The values `candidate` compares with a non-naming column of some table, although a table whose rows that
    table's rows refer to stores the value as its name, and the question names neither that column nor "by"
    before the value: phrases left unmet."""
    found = []
    for value in question.values:
        column = _compared_column(candidate, value)
        holder = profile.table_named(column.table) if column is not None else None
        own = holder.column(column.name) if holder is not None and column is not None else None
        if holder is None or own is None or made_by(question, value):
            continue
        if any(label.name.lower() == own.name.lower() for label in holder.labels):
            continue  # the rows' own name: "the Acme kettle" is the kettle called Acme
        if mentioned(column_stems(holder, own), question):
            continue  # "products whose designer is Acme" names the column it is on
        if any(_names_parent(profile, question, holder.name, ref.table, ref.column) for ref in value.refs):
            found.append(" ".join(question.words[value.start : value.end]))
    return found


def _names_parent(profile: DatabaseProfile, question: Question, subject: str, table: str, column: str) -> bool:
    """Whether `table.column` is the naming column of a table `subject`'s rows refer to (one row each)."""
    owner = profile.table_named(table)
    if owner is None or owner.name.lower() == subject.lower():
        return False
    if all(label.name.lower() != column.lower() for label in owner.labels):
        return False
    path = join_path(profile, subject, owner.name, question)
    if not path:
        return False
    return towards_parents(path, subject)  # each step from a row to the one row it refers to


def _compared_column(candidate: Candidate, value: ValueMention) -> exp.Column | None:
    stored = {ref.value for ref in value.refs}
    for condition in candidate.where:
        for eq in condition.find_all(exp.EQ, exp.Like):
            literal = eq.expression
            if isinstance(literal, exp.Literal) and literal.is_string and str(literal.this).strip("%") in stored:
                return eq.this if isinstance(eq.this, exp.Column) else None
    return None
