"""A currency word before the money a reading shows: "the total dollar amount of fines" is `SUM(amount)`, "the
euro price of each ticket" its `price`; the currency word names the unit of that money, no column of its own.

Read only right before a word naming a money column the reading selects (tools/sql/money.py: a number column named
as money), or a word naming money ("amount", "total", "cost") while it selects one. A currency word anywhere else
("paid in dollars", "how many dollars") is left unread, as is one before a reading that shows no money.
"""

from sqlglot import exp

from tools.sql.candidate import Candidate
from tools.sql.money import CURRENCY_WORDS, MONEY_NAMES, is_money
from tools.sql.profile import DatabaseProfile, name_words
from tools.sql.question import Question
from tools.sql.wording import stem, stems


def with_currency_words(profile: DatabaseProfile, question: Question, found: list[Candidate]) -> list[Candidate]:
    """`found`, each reading that selects money accounting for the currency words said right before its name."""
    in_value = {i for value in question.values for i in range(value.start, value.end)}
    said = [
        (stem(word), stem(question.words[i + 1]))
        for i, word in enumerate(question.words[:-1])
        if stem(word) in CURRENCY_WORDS and i not in in_value
    ]
    if not said:
        return found
    out = []
    for candidate in found:
        named = _money_names(profile, candidate)
        read = frozenset(currency for currency, following in said if named and following in named | MONEY_NAMES)
        out.append(candidate.extended(covers=candidate.covers | read) if read else candidate)
    return out


def _money_names(profile: DatabaseProfile, candidate: Candidate) -> set[str]:
    """The stems of the names of the money columns `candidate` selects, alone or inside an aggregate."""
    found: set[str] = set()
    for part in candidate.select:
        for ref in part.find_all(exp.Column):
            table = profile.table_named(ref.table)
            column = next((c for c in table.columns if c.name.lower() == ref.name.lower()), None) if table else None
            if column is not None and is_money(column):
                found |= stems(name_words(column.name))
    return found
