"""Yes/no flag columns named by their adjective or participle (issue 15): "which books were withdrawn" over a
`withdrawn_yn` column asks for the rows whose flag is true, never every book.

A flag column is a two-valued column known by its name (`is_accessible`, `has_lift`, `withdrawn_yn`,
`insured_flag`) or by what it stores: a text column whose only values are a yes/no pair (Y/N, T/F, yes/no,
true/false, 0/1), or a number column that holds 0 and 1 and nothing else (`ColumnProfile.zero_one`, learnt by
tools/sql/profile.py). A question word whose stem is the flag's own word ("withdrawn", "accessible") covers the
column by name, so a reading that merely shows it (or a like-named column elsewhere) passes the every-word check
while answering with all rows. `flag_unfiltered` reports that word unless the reading filters on the flag column,
so such a reading is declined (tools/sql/cues.py).

`flag_filters` reads the word as the condition `flag = <true code>` on the subject's own flag column, where the
true code is the stored one (Y, yes, T, true, '1') of a text column whose indexed values are exactly a yes/no
pair, or the number 1 of a 0/1 number column: nothing else says which code is true. A flag of several words is
read only when they are said in a row, in either order ("certified organic" for `organic_certified`); known only
by its values, it must be called by an adjective or participle (one word of several a participle). "not" or
"never" before the flag reads its false code when no row lacks a value: right before it, or with only "been" and
"yet" between ("have not been paid yet", "not yet irrigated", "still not verified"); any other negation near it
("not then withdrawn", "neither ... nor") is left to the guard, which declines.
"""

from collections.abc import Iterator

from sqlglot import exp

from tools.sql.candidate import Candidate, col
from tools.sql.filter_parts import Filters
from tools.sql.profile import ColumnProfile, DatabaseProfile, TableProfile, name_words
from tools.sql.question import Question
from tools.sql.wording import OPERATION_STEMS, stem, stems, verb_like

_PREFIXES = frozenset("is has".split())
_SUFFIXES = frozenset("yn flag flg ind".split())
_DESCRIBING = ("ed", "en", "wn", "able", "ible", "ive", "ful", "ent", "ant")
_TRUE = frozenset("y yes t true 1".split())
_NEGATIONS = frozenset("not no never non un neither nor without".split())
_EXACT_NEGATIONS = frozenset("not never".split())  # right before the flag: its false code
_BETWEEN = frozenset("been yet".split())  # "not been paid", "not yet paid": still the flag's negation
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
    words, by_name = flag_words(table, column, stored)
    return stems(words), by_name


def flag_words(table: TableProfile, column: ColumnProfile, stored: list[str] | None) -> tuple[list[str], bool]:
    """The words of `column`'s name that name it as a flag, as written (`paid_flag`: ["paid"]), as `flag_stems`."""
    words = name_words(column.name)
    if column.primary_key or column.kind in ("key", "date"):
        return [], False
    by_name = len(words) >= 2 and (words[0] in _PREFIXES or words[-1] in _SUFFIXES)
    if by_name:
        words = words[1:] if words[0] in _PREFIXES else words[:-1]
    elif not column.zero_one and (stored is None or frozenset(v.strip().lower() for v in stored) not in _YES_NO):
        return [], False
    own = [word for word in words if stem(word) not in stems(name_words(table.name))]
    return own or words, by_name


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
    """`flag = <true code>` for each yes/no flag column of `table` whose words the question says in a row, where
    the column's values tell which code is true: a stored yes/no pair, or 0 and 1 in a number column (1, a number
    literal). Negated by "not" or "never" (`negated_by`) the condition is `flag = <false code>`, when no row lacks a
    value (a NULL is neither); another negation near it ("not then withdrawn", "neither ... nor") is left to the
    guard."""
    in_value = {i for value in question.values for i in range(value.start, value.end)}
    words = [stem(w) for w in question.words]
    for column in table.columns:
        stored = profile.column_values.get((table.name.lower(), column.name.lower()))
        codes, (own, by_name) = flag_codes(column, stored), flag_stems(table, column, stored)
        if not own or codes is None:
            continue  # the true code is known only from a stored yes/no pair or a 0/1 number column
        start = _said_at(words, own, in_value)
        if start is None:
            continue
        said = question.words[start : start + len(own)]
        if not by_name and not (all(map(describes, said)) if len(said) == 1 else any(map(verb_like, said))):
            continue  # "certified organic" by its participle; a noun pair ("head count") is no flag's name
        negation = negated_by(question.words, start, start + len(own))
        before = question.words[max(0, start - 2) : start]
        negated = negation is not None
        if (negated and column.absent) or (not negated and _NEGATIONS & set(before)):
            continue
        code = codes[1] if negated else codes[0]
        yield Filters(
            where=(exp.EQ(this=col(table.name, column.name), expression=code),),
            covers=frozenset(own | (OPERATION_STEMS["not"] | stems(list(negation)) if negation else set())),
            columns=frozenset({(table.name.lower(), column.name.lower())}),
            words=" ".join([negation[0], *said] if negation else said),
            negates=negated,
        )


def negated_by(words: list[str], start: int, end: int) -> tuple[str, ...] | None:
    """The words that negate the flag said at `words[start:end]`, "not" or "never" first, when that word negates
    it plainly: right before it, or with only "been" and "yet" between ("have not been paid",
    "not yet paid", "never been insured"), "still" before it ("still not paid") and "yet" after it ("not paid
    yet"); None otherwise. Other words between ("not then withdrawn") leave its reach a guess."""
    at = start - 1
    while at >= 0 and words[at] in _BETWEEN:
        at -= 1
    if at < 0 or words[at] not in _EXACT_NEGATIONS:
        return None
    said = [words[at], *(w for w in words[at + 1 : start] if w == "yet")]
    if at > 0 and words[at - 1] == "still":
        said.append("still")
    if end < len(words) and words[end] == "yet":
        said.append("yet")
    return tuple(said)


def flag_codes(column: ColumnProfile, stored: list[str] | None) -> tuple[exp.Expr, exp.Expr] | None:
    """The literals a flag column holds for true and for false, when its values say which is which."""
    if column.zero_one:
        return exp.Literal.number(1), exp.Literal.number(0)
    if stored is None or frozenset(v.strip().lower() for v in stored) not in _YES_NO:
        return None
    true = [value for value in stored if value.strip().lower() in _TRUE]
    false = [value for value in stored if value.strip().lower() not in _TRUE]
    if len(true) != 1 or len(false) != 1:
        return None
    return exp.Literal.string(true[0]), exp.Literal.string(false[0])


def _said_at(words: list[str], own: set[str], in_value: set[int]) -> int | None:
    """Where the flag's words (stems `own`) begin, said one after another outside any value, or None."""
    size = len(own)
    for start in range(len(words) - size + 1):
        span = range(start, start + size)
        if set(words[start : start + size]) == own and not in_value & set(span):
            return start
    return None
