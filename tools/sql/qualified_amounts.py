"""An amount a verb qualifies: "the largest amount claimed", "the total amount (that) anyone has paid" ask for the
number column whose name holds the verb (`amt_claimed`, `amount_paid`), not another amount (a payment's `amount`
in a table whose name happens to say "claim").

Where the schema has such a column, a reading that reads the amount from none of them leaves the verb's qualifier
unmet (tools/sql/cues.py), so the question is declined rather than answered with the other amount. Where no number
column's name holds the verb, the verb is read as before (a relation, a table's name).
"""

from sqlglot import exp

from tools.sql.candidate import Candidate
from tools.sql.profile import DatabaseProfile, name_words
from tools.sql.question import Question
from tools.sql.wording import OPERATION_STEMS, stem, stems, verb_like

# what may stand between the amount and its verb: "the amount that was claimed", "the amount anyone has claimed"
_BETWEEN = frozenset("that which was were is are has have had been being".split())
_AMOUNT_STEMS = OPERATION_STEMS["sum"]  # "amount", "total", "sum"


def qualifier_unread(profile: DatabaseProfile, question: Question, candidate: Candidate) -> list[str]:
    """The words "amount <verb>" when the schema has number columns named with the verb and `candidate` reads
    none of them."""
    words = question.words
    in_value = {i for value in question.values for i in range(value.start, value.end)}
    skipped = question.empty
    for index, word in enumerate(words):
        if stem(word) not in _AMOUNT_STEMS or index in in_value:
            continue
        after = index + 1
        while after < len(words) and (words[after] in _BETWEEN or after in skipped):
            after += 1
        if after >= len(words) or after in in_value or not verb_like(words[after]):
            continue
        verb = stem(words[after])
        qualified = {
            (table.name.rpartition(".")[2].lower(), column.name.lower())
            for table in profile.tables.values()
            for column in table.columns
            if column.kind == "number" and verb in stems(name_words(column.name))
        }
        if qualified and not qualified & _read(candidate):
            return [f"{word} {words[after]}"]
    return []


def _read(candidate: Candidate) -> set[tuple[str, str]]:
    """The (table, column) pairs, lower-case, of the columns `candidate` shows, compares or orders by."""
    parts: list[exp.Expr] = [*candidate.select, *candidate.where, *candidate.order]
    if candidate.having is not None:
        parts.append(candidate.having)
    return {(column.table.lower(), column.name.lower()) for part in parts for column in part.find_all(exp.Column)}
