"""Group keys held by a table the question does not name: "the number of dogs by state" is by their owner's state.

A business question names what it groups by, not the table that holds it: "incidents by region", where `region` is
the reporting team's. A text column of a table the subject's rows refer to (one or two foreign keys, each from a row
to the one row it refers to) is offered as a group key when:
- the question names it right after "by", "per", "each" or "every", or leads with it ("which region has ..."),
  or names it right after another column so named and "and" ("by city and state"),
- no table the question names has a column of that name (then that column is the key, tools/sql/grouping.py),
- its values repeat (a category, not a row's own name or email),
- and exactly one table so reached has such a column. A treatment reaches a city through its dog's owner and
  through its vet, so "treatments per city" is left unread rather than guessed.

Such a column is only ever a group key: it is not shown or filtered on unless the question names its table.
"""

from tools.sql.profile import ColumnProfile, DatabaseProfile, TableProfile, towards_parents
from tools.sql.question import Question, column_stems
from tools.sql.routes import join_path
from tools.sql.shape_parts import Named, named_as_table
from tools.sql.wording import stem

_CUES = frozenset({"by", "per", "each", "every"})
_LEADS = frozenset({"which", "what"})
_REACH = 2  # words a cue may stand before the key: "by the region", "for each sales region"
_NAME_WIDTH = 3  # words of a column's name before "and" ("by job title and region")


def parent_group_keys(
    profile: DatabaseProfile, question: Question, table: TableProfile, near: list[TableProfile]
) -> list[Named]:
    """Text columns of unnamed parent tables of `table` that `question` groups by (see the module docstring)."""
    taken = {frozenset(column_stems(t, c)) for t in [table, *near] for c in t.columns}
    offered: dict[frozenset[str], list[Named]] = {}
    names = {tuple(sorted(column_stems(t, c))) for t in profile.tables.values() for c in t.columns}
    for other in profile.tables.values():
        if other is table or other in near:
            continue
        path = join_path(profile, table.name, other.name, question)
        if not path or not towards_parents(path, table.name):
            continue
        for column in other.columns:
            own = frozenset(column_stems(other, column))
            if column.kind == "text" and own not in taken and not named_as_table(other, column):
                offered.setdefault(own, []).append((other, column))
    return [
        found[0]
        for own, found in offered.items()
        if len(found) == 1 and _categorical(profile, *found[0]) and _grouped_by(question, own, names)
    ]


def _categorical(profile: DatabaseProfile, table: TableProfile, column: ColumnProfile) -> bool:
    """Whether rows of `table` share values of `column`, two or more of them."""
    shared = profile.shared_values(table, column)
    return shared is not None and shared > 1


def _grouped_by(question: Question, own: frozenset[str], names: set[tuple[str, ...]]) -> bool:
    """Whether every word of `own` is said, the first of them within `_REACH` words after a grouping cue, or as the
    question's lead after "which" / "what", or right after "X and" where X is a column's name so placed ("by city
    and state": the pair is read by tools/sql/pair_groups.py)."""
    said = [stem(word) for word in question.words]
    if not own <= set(said):
        return False
    for at, word in enumerate(said):
        if word not in own:
            continue
        if _cued(question, at) or (at > 1 and question.words[at - 1] == "and" and _after_name(question, at - 1, names)):
            return True
    return False


def _cued(question: Question, at: int) -> bool:
    before = question.words[max(0, at - _REACH) : at]
    return bool(_CUES & set(before) or (before and before[0] in _LEADS and at - _REACH <= 0))


def _after_name(question: Question, conjunction: int, names: set[tuple[str, ...]]) -> bool:
    """Whether the words right before position `conjunction` name a column and stand where a group key is cued."""
    said = [stem(word) for word in question.words]
    return any(
        tuple(sorted(said[conjunction - width : conjunction])) in names and _cued(question, conjunction - width)
        for width in range(1, min(_NAME_WIDTH, conjunction) + 1)
    )
