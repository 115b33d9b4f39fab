"""The counted rows are the head noun's: "count the paperbacks from Eastbrook makers" counts books (issue 15).

When the noun a count asks for is itself a stored value (a format, a kind of visit), the rows counted are those of
the table whose column holds it; a table the question also names ("makers") only supplies a condition, through
the key between them. Counting that other table's rows ("number of makers with a paperback") answers another
question, so such a reading is declined (tools/sql/cues.py).
"""

from sqlglot import exp

from tools.sql.candidate import Candidate
from tools.sql.profile import DatabaseProfile
from tools.sql.question import Question, ValueMention
from tools.sql.wording import FILLER

_LEADS = (("how", "many"), ("number", "of"), ("count",))


def _counted_value(question: Question) -> ValueMention | None:
    """The stored value that is the head noun of the count ("how many paperbacks ..."), if one is."""
    words = question.words
    for index in range(len(words)):
        lead = next((lead for lead in _LEADS if tuple(words[index : index + len(lead)]) == lead), None)
        if lead is None:
            continue
        after = index + len(lead)
        while after < len(words) and words[after] in FILLER and not any(v.start == after for v in question.values):
            after += 1
        return next((v for v in question.values if v.start == after), None)
    return None


def counted_value_unmet(question: Question, candidate: Candidate, profile: DatabaseProfile) -> list[str]:
    """The counted value's words when `candidate` counts rows of a table that neither holds the value nor refers to
    a table holding it (the other end of a condition's join)."""
    if not candidate.selects(exp.Count) or candidate.group:
        return []
    value = _counted_value(question)
    if value is None:
        return []
    following = question.words[value.end] if value.end < len(question.words) else ""
    if following and profile.table_of_noun(following) is not None:
        return []  # "how many paperback books": the noun after the value is what is counted
    holders = {ref.table.lower() for ref in value.refs}
    counted = candidate.table.lower()
    refers = any(fk.table.lower() == counted and fk.target_table.lower() in holders for fk in profile.foreign_keys)
    if counted in holders or refers:
        return []  # the holder's rows, or rows that refer to a lookup row holding it (tools/sql/cues.py)
    return [" ".join(question.words[value.start : value.end])]
