"""Yes/no flag columns named by their adjective or participle (issue 15): "which books were withdrawn" over a
`withdrawn_yn` column asks for the rows whose flag is true, never every book.

A flag column is a two-valued column known by its name (`is_accessible`, `has_lift`, `withdrawn_yn`,
`insured_flag`) or by what it stores (a text column whose only values are a yes/no pair: Y/N, T/F, yes/no,
true/false, 0/1). A question word whose stem is the flag's own word ("withdrawn", "accessible") covers the column
by name, so a reading that merely shows it (or a like-named column elsewhere) passes the every-word check while
answering with all rows. `flag_unfiltered` reports that word unless the reading filters on the flag column, so
such a reading is declined (tools/sql/cues.py).

`flag_filters` reads the word as the condition `flag = <true code>` on the subject's own flag column, where the
true code is the stored one (Y, yes, T, true, 1): only a text column whose indexed values are exactly a yes/no
pair, since nothing else says which code is true. A negated word ("not withdrawn", "never insured") or a flag of
several words not all said in a row is left to the guard, which declines.
"""

from collections.abc import Iterator

from sqlglot import exp

from tools.sql.candidate import Candidate, col
from tools.sql.filter_parts import Filters
from tools.sql.profile import ColumnProfile, DatabaseProfile, TableProfile, name_words
from tools.sql.question import Question
from tools.sql.wording import stem, stems, verb_like

_PREFIXES = frozenset("is has".split())
_SUFFIXES = frozenset("yn flag flg ind".split())
_DESCRIBING = ("ed", "en", "wn", "able", "ible", "ive", "ful", "ent", "ant")
_TRUE = frozenset("y yes t true 1".split())
_NEGATIONS = frozenset("not no never non un".split())
_YES_NO = (
    frozenset("y n".split()),
    frozenset("yes no".split()),
    frozenset("t f".split()),
    frozenset("true false".split()),
    frozenset("0 1".split()),
)


def flag_stems(table: TableProfile, column: ColumnProfile, stored: list[str] | None) -> tuple[set[str], bool]:
    """The stems of the words that name `column` as a yes/no flag of `table`'s rows (`is_accessible`:
    {"accessible"}), empty when it is no flag, and whether its name says it is one (`is_`, `_yn`, `_flag`) rather
    than only its stored values. `stored` is the column's indexed values, if any."""
    words = name_words(column.name)
    if column.primary_key or column.kind in ("key", "date"):
        return set(), False
    by_name = len(words) >= 2 and (words[0] in _PREFIXES or words[-1] in _SUFFIXES)
    if by_name:
        words = words[1:] if words[0] in _PREFIXES else words[:-1]
    elif stored is None or frozenset(value.strip().lower() for value in stored) not in _YES_NO:
        return set(), False
    own = stems(words) - stems(name_words(table.name))
    return own or stems(words), by_name


def describes(word: str) -> bool:
    """Whether `word` reads as an adjective or participle ("withdrawn", "insured", "accessible", "active"): what
    a flag known only by its yes/no values must be called by. A noun column holding yes/no ("answer") is no flag
    its noun asks to filter on."""
    return word.endswith(_DESCRIBING) or verb_like(word)


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
            own, by_name = flag_stems(table, column, stored)
            named = [free[s] for s in sorted(own) if s in free and (by_name or describes(free[s]))]
            if named and (short, column.name.lower()) not in tested and named[0] not in found:
                found.append(named[0])
    return found


def flag_filters(profile: DatabaseProfile, question: Question, table: TableProfile) -> Iterator[Filters]:
    """`flag = <true code>` for each yes/no flag column of `table` whose words the question says, in a row and
    not negated, where the column's stored values tell which code is true."""
    in_value = {i for value in question.values for i in range(value.start, value.end)}
    words = [stem(w) for w in question.words]
    for column in table.columns:
        stored = profile.column_values.get((table.name.lower(), column.name.lower()))
        own, by_name = flag_stems(table, column, stored)
        true = [value for value in stored or [] if value.strip().lower() in _TRUE]
        if not own or len(true) != 1 or frozenset(v.strip().lower() for v in stored or []) not in _YES_NO:
            continue  # the true code is known only from a stored yes/no pair
        start = _said_at(words, own, in_value)
        if start is None or _NEGATIONS & set(question.words[max(0, start - 2) : start]):
            continue
        if not by_name and not all(describes(w) for w in question.words[start : start + len(own)]):
            continue
        yield Filters(
            where=(exp.EQ(this=col(table.name, column.name), expression=exp.Literal.string(true[0])),),
            covers=frozenset(own),
            columns=frozenset({(table.name.lower(), column.name.lower())}),
            words=" ".join(question.words[start : start + len(own)]),
        )


def _said_at(words: list[str], own: set[str], in_value: set[int]) -> int | None:
    """Where the flag's words (stems `own`) begin, said one after another outside any value, or None."""
    size = len(own)
    for start in range(len(words) - size + 1):
        span = range(start, start + size)
        if set(words[start : start + size]) == own and not in_value & set(span):
            return start
    return None
