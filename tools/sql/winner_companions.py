"""What a superlative's winner is shown with: "the cheapest product, plus its price", "the most expensive product
and its category", "the heaviest product together with its supplier's name".

After a companion phrase (tools/sql/companions.py: "plus its", "and its", "including its", "with its", "along
with", ...) the rest of the question must name one Y, word for word:
- a column of the winner's own ("plus its price");
- a table the winner refers to by its one foreign key to it, alone ("and its category": that table's naming
  columns) or with one of its columns ("its supplier's city"): one row per winner, so one Y per winner.
Anything else there is no Y of the winner, and the superlative is not read: the rows that refer to the winner
(many per winner: "its reviews"), a second subject ("its most expensive rival"), a word no table has ("its
colour"). The answer shows the winner by the columns named before the phrase (else its name), then Y.
"""

from dataclasses import dataclass

from tools.sql.companions import WITH_THEIR
from tools.sql.profile import DatabaseProfile, TableProfile, name_words
from tools.sql.question import Question, column_stems, table_stems
from tools.sql.shape_parts import Named
from tools.sql.wording import stem, stems

_NAME = stem("name")


@dataclass(frozen=True, slots=True)
class Companion:
    """The question's words from `start` on ask for `columns` beside the winner; none when they name no Y of it."""

    start: int
    columns: list[Named]
    covers: frozenset[str]


def companion(profile: DatabaseProfile, question: Question, table: TableProfile) -> Companion | None:
    """The Y the question asks to show beside `table`'s winner, or None when it has no companion phrase."""
    span = _phrase(question)
    if span is None:
        return _agent(profile, question, table)
    start, end = span
    # only owners' words go: a filler word can name a table ("kind"), and a second "and" is a second Y
    content = [w for w in question.words[end:] if w not in _OWNERS]
    columns = _parents(profile, table, content) or _own(table, content)
    return Companion(start, columns, frozenset(stems(question.words[start:])) if columns else frozenset())


def named_before(question: Question, start: int, table: TableProfile, named: list[Named]) -> list[Named]:
    """The columns of `named` that the words before `start` name (a column of another table with its table)."""
    said = stems(question.words[:start])
    return [(t, c) for t, c in named if column_stems(t, c) <= said and (t is table or table_stems(t) <= said)]


_OWNERS = frozenset("its their the his her".split())


def _phrase(question: Question) -> tuple[int, int] | None:
    """Where the first companion phrase starts and ends."""
    words = question.words
    for index in range(len(words)):
        for phrase in WITH_THEIR:
            said = phrase.split()
            if words[index : index + len(said)] == said:
                return index, index + len(said)
    return None


def _own(table: TableProfile, content: list[str]) -> list[Named]:
    """The one column of `table` that `content` names in full ("price"), or the one whose name it is part of."""
    said = stems(content)
    if not said:
        return []
    exact = [c for c in table.columns if column_stems(table, c) == said]
    # a key is named in full ("its category id"): "its category" is the category, not the key to it
    wider = [c for c in table.columns if said < column_stems(table, c) and c.kind != "key" and not c.primary_key]
    chosen = exact or wider
    return [(table, chosen[0])] if len(chosen) == 1 else []


def _parents(profile: DatabaseProfile, table: TableProfile, content: list[str]) -> list[Named]:
    """A table `table` refers to by one key, named by the first words of `content`, and the rest naming its
    label ("supplier", "supplier's name") or one of its columns ("supplier's city")."""
    targets = [fk.target_table.lower() for fk in profile.foreign_keys if fk.table.lower() == table.name.lower()]
    for key in dict.fromkeys(targets):
        parent = profile.tables.get(key)
        if parent is None or parent is table or targets.count(key) != 1:
            continue  # two keys to one table (a home and a work address): which one is not said
        head = {stem(name_words(parent.name)[-1])}
        for length in range(len(content), 0, -1):
            if stems(content[:length]) not in (table_stems(parent), head):
                continue
            rest = stems(content[length:])
            if rest <= {_NAME}:
                return [(parent, label) for label in parent.labels]
            return _own(parent, content[length:])
    return []


_ASKING = frozenset("who what which".split())
_OBJECTS = frozenset("it them".split())


def _agent(profile: DatabaseProfile, question: Question, table: TableProfile) -> Companion | None:
    """A clause ", and who supplies it" ending the question: the table `table` refers to named by the agent
    noun of that verb (supply: supplier, make: maker, own: owner), shown by its naming columns; None without one."""
    words = question.words
    if len(words) < 4 or words[-3] not in _ASKING or words[-1] not in _OBJECTS:
        return None
    start = len(words) - 4 if words[-4] == "and" else len(words) - 3
    agents = _agent_stems(words[-2])
    parents = [
        parent
        for fk in profile.foreign_keys
        if fk.table.lower() == table.name.lower()
        and (parent := profile.tables.get(fk.target_table.lower())) is not None
        and stem(name_words(parent.name)[-1]) in agents
    ]
    if len(parents) != 1 or not parents[0].labels:
        return Companion(start, [], frozenset())  # "who bought it": no table it refers to is the buyer
    return Companion(start, [(parents[0], label) for label in parents[0].labels], frozenset(stems(words[start:])))


def _agent_stems(verb: str) -> set[str]:
    """The stems of the nouns for who does `verb` ("supplies": supplier; "makes": maker; "owns": owner)."""
    bases = {verb, verb.removesuffix("s"), verb.removesuffix("es")}
    if verb.endswith("ies"):
        bases.add(verb.removesuffix("ies") + "y")
    nouns = {base + "er" for base in bases} | {base + "r" for base in bases if base.endswith("e")}
    nouns |= {base.removesuffix("y") + "ier" for base in bases if base.endswith("y")}
    return {stem(noun) for noun in nouns}
