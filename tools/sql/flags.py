"""Yes/no flag columns named by their adjective or participle (issue 15): "which books were withdrawn" over a
`withdrawn_yn` column asks for the rows whose flag is true, never every book.

A flag column is a two-valued column known by its name (`is_accessible`, `has_lift`, `withdrawn_yn`,
`insured_flag`) or by what it stores (a text column whose only values are a yes/no pair: Y/N, T/F, yes/no,
true/false, 0/1). A question word whose stem is the flag's own word ("withdrawn", "accessible") covers the column
by name, so a reading that merely shows it (or a like-named column elsewhere) passes the every-word check while
answering with all rows. `flag_unfiltered` reports that word unless the reading filters on the flag column, so
such a reading is declined (tools/sql/cues.py).
"""

from sqlglot import exp

from tools.sql.candidate import Candidate
from tools.sql.profile import ColumnProfile, DatabaseProfile, TableProfile, name_words
from tools.sql.question import Question
from tools.sql.wording import stem, stems

_PREFIXES = frozenset("is has".split())
_SUFFIXES = frozenset("yn flag flg ind".split())
_YES_NO = (
    frozenset("y n".split()),
    frozenset("yes no".split()),
    frozenset("t f".split()),
    frozenset("true false".split()),
    frozenset("0 1".split()),
)


def flag_stems(table: TableProfile, column: ColumnProfile, stored: list[str] | None) -> set[str]:
    """The stems of the words that name `column` as a yes/no flag of `table`'s rows (`is_accessible`:
    {"accessible"}), or an empty set when it is no flag. `stored` is the column's indexed values, if any."""
    words = name_words(column.name)
    if column.primary_key or column.kind in ("key", "date"):
        return set()
    if len(words) >= 2 and words[0] in _PREFIXES:
        words = words[1:]
    elif len(words) >= 2 and words[-1] in _SUFFIXES:
        words = words[:-1]
    elif stored is None or frozenset(value.strip().lower() for value in stored) not in _YES_NO:
        return set()
    own = stems(words) - stems(name_words(table.name))
    return own or stems(words)


def flag_unfiltered(profile: DatabaseProfile, question: Question, candidate: Candidate) -> list[str]:
    """The question words naming a flag column of a table `candidate` reads, where no condition of `candidate`
    tests that column: the reading would answer with every row, flagged or not."""
    in_value = {i for value in question.values for i in range(value.start, value.end)}
    free = {stem(w): w for i, w in enumerate(question.words) if i not in in_value}
    tested = {
        (column.table.lower(), column.name.lower())
        for condition in candidate.where
        for column in condition.find_all(exp.Column)
    }
    found = []
    for name in sorted(candidate.tables):
        table = profile.table_named(name.rpartition(".")[2]) or profile.tables.get(name)
        if table is None:
            continue
        short = table.name.rpartition(".")[2].lower()
        for column in table.columns:
            stored = profile.column_values.get((table.name.lower(), column.name.lower()))
            named = [free[s] for s in sorted(flag_stems(table, column, stored)) if s in free]
            if named and (short, column.name.lower()) not in tested and named[0] not in found:
                found.append(named[0])
    return found
