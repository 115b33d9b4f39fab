"""People named in full ("supervised by Maria Lopez", "how many patients did Dr. Alan Grant see"): two values side
by side, one stored as a first name and the other as a last name, read as one row's name.

Each part alone is a value of its own column (tools/sql/profile.py); together they are a person only where one row
holds both (tools/sql/person_index.py), first and last as the schema's column names say, written in either order.
A title before the name (Dr., Mr., Ms.) is part of it. The name is a condition on that row's table, reached from
the subject as the question's words allow:
- the subject's own rows ("the email of Peter Novak"), or a row the subject refers to ("orders handled by Ann Lee",
  "visits of Alan Grant");
- through rows that refer to the subject ("patients seen by Alan Grant", "how many patients did Alan Grant see")
  only when a verb relates the person to the subject: the name follows "by" or an auxiliary ("did", "does"). "The
  email of Alan Grant", a doctor, is not the email of the patients he saw;
- the subject's own rows after "by" or an auxiliary only when the table has a key to itself, which a verb then
  reads (tools/sql/relationship_verbs.py: "nurses supervised by Maria Lopez").
Declined (no reading at all): a name no row holds whole ("Peter Grant", a patient's first name and a doctor's last
name), and a name two rows hold (which one is meant is not said).
"""

from dataclasses import dataclass

from sqlglot import exp

from tools.sql.candidate import col
from tools.sql.filter_parts import Filters, join_cost
from tools.sql.person_index import PersonName, person_key
from tools.sql.profile import DatabaseProfile, ForeignKey, TableProfile, ValueRef, name_part, towards_parents
from tools.sql.question import Question, ValueMention, column_stems, table_stems
from tools.sql.routes import join_path
from tools.sql.value_context import made_by, negated_value, possessed_by
from tools.sql.wording import stem, verb_like

TITLES = frozenset({"dr", "mr", "mrs", "ms", "mx", "miss", "prof"})  # as tokens: "Dr." is `dr`


@dataclass(frozen=True, slots=True)
class FullName:
    """Values `first`, `first + 1` of the question (side by side) name a person in parts; `people` are the names
    of rows they match (none: no row holds both parts)."""

    first: int
    people: tuple[PersonName, ...]

    @property
    def positions(self) -> frozenset[int]:
        return frozenset({self.first, self.first + 1})


def full_names(question: Question, profile: DatabaseProfile) -> list[FullName]:
    """The pairs of adjacent values that are stored as a first and a last name (in either order), left to right;
    a value is part of one name at most, and values joined by "or" are alternatives, never a name."""
    alternatives = {position for group in question.alternatives for position in group}
    found: list[FullName] = []
    for position in range(len(question.values) - 1):
        one, other = question.values[position], question.values[position + 1]
        if one.end != other.start or {position, position + 1} & alternatives:
            continue
        if found and found[-1].first == position - 1:
            continue  # "Ann Lee Kim": "Lee" is in the first name already
        if not (_parts(one, "first") and _parts(other, "last")) and not (
            _parts(one, "last") and _parts(other, "first")
        ):
            continue
        people = {**_people(profile, one, other), **_people(profile, other, one)}  # "Maria Lopez", "Lopez Maria"
        found.append(FullName(position, tuple(people.values())))
    return found


def _parts(value: ValueMention, part: str) -> list[ValueRef]:
    return [ref for ref in value.refs if name_part(ref.column) == part]


def _people(
    profile: DatabaseProfile, first: ValueMention, last: ValueMention
) -> dict[tuple[str, str, str], PersonName]:
    """The rows' names whose first name `first` and last name `last` are, on one table."""
    found = {}
    for given in _parts(first, "first"):
        for family in _parts(last, "last"):
            if given.table.lower() != family.table.lower():
                continue
            person = profile.people.get(person_key(given.table, given.value, family.value))
            if person is not None and person.first_column.lower() == given.column.lower():
                if person.last_column.lower() == family.column.lower():
                    found[person_key(person.table, person.first, person.last)] = person
    return found


def name_filters(profile: DatabaseProfile, question: Question, table: TableProfile, name: FullName) -> list[Filters]:
    """The conditions that put `name` on its row, within the reach the question's words give from `table` (see the
    module docstring); none when no row, or more than one row, holds the name."""
    value = question.values[name.first]
    if not name.people or negated_value(profile, question, value):
        return []  # "not seen by Alan Grant" is not read as a name (yet): declined, never half read
    titled = _titled(question, value)
    related = made_by(question, titled) or possessed_by(question, titled)
    placed = []
    for person in name.people:
        owner = profile.tables.get(person.table.lower())
        path = join_path(profile, table.name, person.table, question)
        if owner is None or path is None or not _reached(profile, table, path, related):
            continue
        if person.rows > 1:
            return []  # two rows of that name: which person is meant is not said
        placed.append(
            _filter(question, table, owner, person, path, name, _participle(question, titled) if path else set())
        )
    return placed


def _titled(question: Question, value: ValueMention) -> ValueMention:
    """`value` with the title before it ("Dr. Alan"), as the words around a name see it."""
    if value.start and question.words[value.start - 1] in TITLES:
        return ValueMention(value.start - 1, value.end, value.refs)
    return value


def _participle(question: Question, value: ValueMention) -> set[str]:
    """The stem of a participle right before "by <value>" ("seen by Alan Grant"): the join to the person says
    how the rows relate to them. A key of a table to itself reads its own verb (tools/sql/relationship_verbs.py)."""
    words = question.words
    by = value.start - 1
    if by >= 1 and words[by] == "by" and verb_like(words[by - 1]):
        return {stem(words[by - 1])}
    return set()


def _reached(profile: DatabaseProfile, table: TableProfile, path: tuple[ForeignKey, ...], related: bool) -> bool:
    if not path:
        return not related or any(fk.table.lower() == fk.target_table.lower() for fk in profile.joins(table.name))
    return towards_parents(path, table.name) or related


def _filter(
    question: Question,
    table: TableProfile,
    owner: TableProfile,
    person: PersonName,
    path: tuple[ForeignKey, ...],
    name: FullName,
    verb: set[str],
) -> Filters:
    """`owner`'s row of `person`'s name, reached from `table` along `path`; its words, title and `verb` are read."""
    titled, other = _titled(question, question.values[name.first]), question.values[name.first + 1]
    covers = {stem(w) for w in question.words[titled.start : other.end]} | table_stems(owner) | verb
    for column in (person.first_column, person.last_column):
        profiled = owner.column(column)
        covers |= column_stems(owner, profiled) if profiled is not None else set()
    return Filters(
        where=(
            col(person.table, person.first_column).eq(exp.Literal.string(person.first)),
            col(person.table, person.last_column).eq(exp.Literal.string(person.last)),
        ),
        joins=path,
        covers=frozenset(covers),
        values_used=name.positions,
        columns=frozenset((person.table.lower(), c.lower()) for c in (person.first_column, person.last_column)),
        cost=join_cost(path, table.name),
        words=f"{person.first_column} is {person.first} and {person.last_column} is {person.last}",
    )
