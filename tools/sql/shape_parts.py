"""Pieces the candidate shapes share: the columns a question names, joins to reach them, order and limits."""

from collections import Counter

from sqlglot import exp

from tools.sql.candidate import Candidate, merge_joins
from tools.sql.filters import comparisons
from tools.sql.profile import ColumnProfile, DatabaseProfile, TableProfile, name_words
from tools.sql.question import Question, column_stems, mentioned, table_stems
from tools.sql.routes import join_path
from tools.sql.wording import ASCENDING, DESCENDING, FILLER_STEMS, REVERSE, stem, stems

AGGREGATES: dict[str, type[exp.AggFunc]] = {"sum": exp.Sum, "avg": exp.Avg, "max": exp.Max, "min": exp.Min}
Named = tuple[TableProfile, ColumnProfile]


def column_key(named: Named) -> tuple[str, str]:
    return named[0].name.lower(), named[1].name.lower()


def neighbours(profile: DatabaseProfile, question: Question, table: TableProfile) -> list[TableProfile]:
    """Other tables the question names that a join of at most two keys reaches."""
    return [
        other
        for other in profile.tables.values()
        if other is not table
        and mentioned(table_stems(other), question)
        and join_path(profile, table.name, other.name, question) is not None
    ]


def adjacent(
    profile: DatabaseProfile, question: Question, table: TableProfile, near: list[TableProfile], named: list[Named]
) -> list[Named]:
    """Columns named in tables one key away that the question does not name ("the employee with the biggest
    bonus": `bonus` of the evaluations); only numbers and dates, and only names no named table has a column for."""
    taken = {frozenset(column_stems(t, c)) for t in [table, *near] for c in t.columns}
    found: list[Named] = []
    for fk in profile.joins(table.name):
        other = profile.tables.get((fk.target_table if fk.table.lower() == table.name.lower() else fk.table).lower())
        if other is None or other is table or other in near:
            continue
        for column in other.columns:
            own = frozenset(column_stems(other, column))
            if (
                column.kind in ("number", "date")
                and own not in taken
                and mentioned(set(own), question)
                and not named_as_table(other, column)
            ):
                found.append((other, column))
    return found


def named_as_table(table: TableProfile, column: ColumnProfile) -> bool:
    """Whether `column` is named by its table's words only (`visited` of `visit`): "the most visits" counts the
    visits, it does not order by their date, so such a column is never named by those words (a year still finds
    it, tools/sql/date_filters.py)."""
    return not column.primary_key and stems(name_words(column.name)) <= table_stems(table)


_ORDER_WORDS = frozenset("order ordered sort sorted by".split())


def follows_order_word(question: Question, named: set[str]) -> bool:
    """Whether a column's words come within four words after "order", "sorted" or "by" (what to order by)."""
    for index, word in enumerate(question.words):
        following = question.words[index + 1 : index + 3 + len(named)]
        if word in _ORDER_WORDS and named <= stems(following) and stems(following[:2]) & named:
            return True
    return False


def named_columns(question: Question, tables: list[TableProfile]) -> list[Named]:
    """Columns the question names; `first_name` hides `name` of the same table when both fit."""
    # a named neighbour's key is the subject's foreign key again: not a column of its own
    found = [
        (t, c)
        for t in tables
        for c in t.columns
        if mentioned(column_stems(t, c), question)
        and not (c.primary_key and t is not tables[0])
        and not named_as_table(t, c)
    ]
    # A column named by fewer words ("date" of `date_of_treatment`) is hidden by more specific ones that use
    # those words ("arriving date and departing date": `date_arrived`, `date_departed`) as often as the
    # question says them; "first name and their dog's name" still names `name`.
    said = Counter(stem(word) for word in question.words)
    kept = []
    for t, c in found:
        own = column_stems(t, c) - FILLER_STEMS
        wider = [words for o, other in found if own < (words := column_stems(o, other) - FILLER_STEMS)]
        if not wider or any(sum(s in words for words in wider) < said[s] for s in own):
            kept.append((t, c))
    return kept


def with_columns(
    profile: DatabaseProfile, question: Question, base: Candidate, columns: list[Named]
) -> Candidate | None:
    """`base` joined to the tables of `columns`, or None when one is out of reach."""
    paths = []
    for table, _ in columns:
        path = join_path(profile, base.table, table.name, question)
        if path is None:
            return None
        paths.append(path)
    joins = merge_joins(base.joins, *paths)
    return base.extended(joins=joins, cost=base.cost + len(joins) - len(base.joins))


def stems_of(columns: list[Named]) -> frozenset[str]:
    return frozenset().union(*(column_stems(t, c) for t, c in columns)) if columns else frozenset()


def projection(table: TableProfile, named: list[Named]) -> tuple[list[Named], float]:
    """What a list shows: the columns named, else the columns that name a row of the subject (a guess: cost)."""
    if named:
        return named, 0.0
    labels = table.labels
    return ([(table, label) for label in labels], 0.3) if labels else ([], 0.0)


def showable(question: Question, named: list[Named]) -> list[Named]:
    """Named columns worth showing: a foreign key only when the question asks for ids or codes."""
    asks_key = bool({"id", "ids", "code", "codes"} & set(question.words))
    return [(t, c) for t, c in named if c.kind != "key" or c.primary_key or asks_key]


def shown_covers(columns: list[Named], guessed: bool) -> frozenset[str]:
    """The question words that showing `columns` accounts for ("when" for a date, "name" for a row's label)."""
    extra = {"when"} if any(c.kind == "date" for _, c in columns) else set()
    tables = frozenset().union(*(table_stems(t) for t, _ in columns)) if columns else frozenset()
    return stems_of(columns) | tables | extra | ({"nam"} if guessed else set())


def sort_direction(question: Question) -> bool | None:
    """True for descending, False for ascending, None when the question says neither or both."""
    said = question.free_stems
    down, up = bool(said & stems(sorted(DESCENDING))), bool(said & stems(sorted(ASCENDING)))
    if stem(REVERSE) in said:
        return not down  # "reverse alphabetical order"
    return None if down == up else down


def top_n(question: Question, used: frozenset[int]) -> tuple[int, frozenset[int]]:
    """The N of "top N" / "5 longest": the first number not yet read, else 1. A number after "at least", "more
    than", "under" is a comparison, never a limit: "at least 10 invoices" is not "the 10 with the fewest"."""
    compared = {comparison.index for comparison in comparisons(question)}
    free = [
        n
        for n in question.numbers
        if n.index not in used and n.index not in compared and not n.is_year and n.value.is_integer()
    ]
    return (int(free[0].value), used | {free[0].index}) if free else (1, used)
