"""The echo guard (issue 15): a reading that shows a column its WHERE pins to one constant only repeats the
question's own word ("which red kettles": the category 'Kettle', not the kettles), unless the question names that
column among what it asks to see ("the colour of the red lamps")."""

from sqlglot import exp

from tools.sql.candidate import Candidate
from tools.sql.profile import name_words
from tools.sql.question import Question
from tools.sql.wording import stem, stems


def echoed(question: Question, candidate: Candidate) -> list[str]:
    """The values whose column `candidate` both pins with `=` and shows, where no free word of the question names
    that column: each is a phrase the reading leaves unmet, so it is declined."""
    pinned = _pinned(candidate)
    if not pinned:
        return []
    in_value = {i for value in question.values for i in range(value.start, value.end)}
    free = {stem(w) for i, w in enumerate(question.words) if i not in in_value}
    found = []
    for part in candidate.select:
        if not isinstance(part, exp.Column):
            continue  # an aggregate of a pinned column is a figure, not the constant
        key = (part.table.lower(), part.name.lower())
        if key not in pinned or _own_stems(part) & free:
            continue
        literal = pinned[key]
        mention = next((v for v in question.values if any(r.value == literal for r in v.refs)), None)
        found.append(" ".join(question.words[mention.start : mention.end]) if mention else literal)
    return found


def _pinned(candidate: Candidate) -> dict[tuple[str, str], str]:
    pinned = {}
    for condition in candidate.where:
        for eq in condition.find_all(exp.EQ):
            if _under_subquery(eq, condition):
                continue  # a condition inside a subquery pins its own rows, not the ones shown
            column, literal = eq.this, eq.expression
            if isinstance(column, exp.Column) and isinstance(literal, exp.Literal) and literal.is_string:
                pinned[(column.table.lower(), column.name.lower())] = str(literal.this)
    return pinned


def _under_subquery(node: exp.Expr, top: exp.Expr) -> bool:
    parent = node.parent
    while parent is not None and parent is not top:
        if isinstance(parent, exp.Select):
            return True
        parent = parent.parent
    return isinstance(top, exp.Select)


def _own_stems(column: exp.Column) -> set[str]:
    own = stems(name_words(column.name))
    return own - stems(name_words(column.table)) or own
