"""Explicit output lists: "titles and prices of paperbacks under 8", "with names and scores" (issue 15).

Columns the question enumerates ("A and B", "A, B and C") are what it asks to see. A condition on one of them
("prices ... under 8") does not take it out of the list: the reading shows every listed column, and "names" in
the list shows the columns that name the subject's rows (a person's first and last name).
"""

from tools.sql.profile import TableProfile
from tools.sql.question import Question, column_stems
from tools.sql.shape_parts import Named
from tools.sql.wording import stem

_BETWEEN = frozenset("and their its the".split())  # words an enumeration puts between its items
_NAMES = frozenset({"name", "names"})


def _spans(question: Question, named: list[Named], table: TableProfile) -> list[tuple[int, int, Named | None]]:
    """Where each named column (or the word "names", None, when `table` has naming columns) is said."""
    in_value = {i for value in question.values for i in range(value.start, value.end)}
    found: list[tuple[int, int, Named | None]] = []
    for owner, column in named:
        own = column_stems(owner, column)
        at = [i for i, w in enumerate(question.words) if stem(w) in own and i not in in_value]
        if at and max(at) - min(at) < len(own):  # said together, as one phrase
            found.append((min(at), max(at), (owner, column)))
    if table.labels:
        taken = {i for start, end, _ in found for i in range(start, end + 1)}
        found += [(i, i, None) for i, w in enumerate(question.words) if w in _NAMES and i not in taken]
    return sorted(found, key=lambda span: span[0])


def _enumerations(question: Question, named: list[Named], table: TableProfile) -> list[list[Named | None]]:
    """Runs of two or more items with only "and" (at least once), "their", "the" between neighbours."""
    runs: list[list[Named | None]] = []
    run: list[Named | None] = []
    joined = False
    previous_end: int | None = None
    for start, end, item in _spans(question, named, table):
        between = (
            question.words[previous_end + 1 : start] if previous_end is not None and start > previous_end else None
        )
        if between is not None and set(between) <= _BETWEEN:
            run.append(item)
            joined = joined or "and" in between
        else:
            if len(run) > 1 and joined:
                runs.append(run)
            run, joined = [item], False
        previous_end = end
    if len(run) > 1 and joined:
        runs.append(run)
    return runs


def listed(question: Question, named: list[Named], table: TableProfile) -> list[Named]:
    """The columns of `named` the question enumerates for output, in the order it says them."""
    return [item for run in _enumerations(question, named, table) for item in run if item is not None]


def with_listed_names(question: Question, table: TableProfile, shown: list[Named]) -> list[Named]:
    """`shown` with `table`'s naming columns where "names" is an item of an enumeration ("names and ages") and no
    shown column is one of them yet."""
    runs = _enumerations(question, shown, table)
    if not any(None in run for run in runs) or any(owner is table and c in table.labels for owner, c in shown):
        return shown
    return [*((table, label) for label in table.labels), *shown]
