"""Question words that name a column by its type: "when" a date, "where" a place, "how old" an age, "how long" a
duration or a length.

"When was the nurse Ann Lee hired?" asks for the nurse's date that the question's other words name (`hire_date`:
"hired"; "born" names a birth date), else for the nurse's only date; "Where does client 12 live?" for the client's
one place column (address, city, country, venue, ...); "How old is the oldest patient?" for the one numeric age;
"How long is the song Dig?" for the one duration or length. The column is read as if the question named it, and
the question word is accounted for only by a reading that shows that column (or an extreme of it). Which words ask is
tools/sql/question_words.py.

No column, or two that fit and that no other word tells apart ("where does Ann live" over an address, a city and a
country), gives no reading, so the question is declined. An age stored only as a birth date is not read (it would
depend on today's date).
"""

from sqlglot import exp

from tools.sql.candidate import Candidate
from tools.sql.date_filters import own_date_words
from tools.sql.extremes import MEASURE_WORDS
from tools.sql.light_verbs import light_verbs
from tools.sql.profile import ColumnProfile, DatabaseProfile, TableProfile, name_words
from tools.sql.question import Question, column_stems, mentioned, table_stems
from tools.sql.question_words import Kind, interrogative
from tools.sql.shape_parts import Named
from tools.sql.wording import FILLER_STEMS, stem, stems

_PLACE_WORDS = frozenset(
    """address addr city town country location place venue region county province suburb district locality
    hometown headquarters site""".split()
)
# "state" is left out: an order's state is its status as often as a region. A street is part of an address, and
# a house or building number beside it says the address is stored in parts: no one column is "where".
_ADDRESS_PARTS = frozenset("street house building apartment flat suite".split())
_AGE = "age"
# verbs that name a column by another form of its word ("born" is a birth date or place)
_VERB_FORMS = {"born": "birth", "died": "death", "die": "death", "dead": "death"}
# verbs that say the place is the row's own ("where was the concert held"), accounted for, like a light verb
# (tools/sql/light_verbs.py: "where does X live"), only by a reading with a condition or a grouping: "where were
# concerts held" alone is no more than every venue, and is declined
_PLACE_VERBS = frozenset("held situated".split())


def asked_columns(profile: DatabaseProfile, question: Question, table: TableProfile, named: list[Named]) -> list[Named]:
    """The column of `table` the question word asks for, unless the question names it already: none or one."""
    column = _asked_column(profile, question, table)
    if column is None or any(c is column for _, c in named):
        return []
    return [(table, column)]


def answered(
    profile: DatabaseProfile, question: Question, table: TableProfile, found: list[Candidate]
) -> list[Candidate]:
    """`found` with the question word accounted for by every reading that shows the column it asks for."""
    asked = interrogative(question)
    column = _asked_column(profile, question, table)
    if asked is None or column is None:
        return found
    words = {stem(w) for w in question.words[asked.start : asked.end]} | column_stems(table, column)
    words |= _verbs_naming(question, table, column)
    verbs = stems(sorted(_PLACE_VERBS & set(question.words))) if asked.kind == "place" else set()
    own = table.name.rpartition(".")[2].lower()
    return [
        candidate.extended(covers=candidate.covers | words | (verbs if candidate.where or candidate.group else set()))
        if _shows(candidate, own, column)
        else candidate
        for candidate in found
    ]


def interrogative_unmet(question: Question, candidate: Candidate, profile: DatabaseProfile) -> list[str]:
    """A "when" question answered without a date: "when" is filler elsewhere, so the cue says it asks for one."""
    asked = interrogative(question)
    if asked is None or asked.kind != "date":
        return []
    for part in candidate.select:
        for ref in part.find_all(exp.Column):
            owner = profile.table_named(ref.table)
            column = owner.column(ref.name) if owner is not None else None
            if column is not None and column.kind == "date":
                return []
    return [question.words[asked.start]]


def _asked_column(profile: DatabaseProfile, question: Question, table: TableProfile) -> ColumnProfile | None:
    """The one column of `table` of the kind asked for: the one the question's other words name, else the only
    one of that kind, when the question is about `table`'s rows alone."""
    asked = interrogative(question)
    if asked is None:
        return None
    if asked.kind == "place" and any(set(name_words(c.name)) & _ADDRESS_PARTS for c in table.columns):
        return None
    fitting = [c for c in table.columns if not c.primary_key and _fits(asked.kind, c)]
    named = [c for c in fitting if _verbs_naming(question, table, c)]
    if named:
        return named[0] if len(named) == 1 else None
    # "when did Ann Lee work in the ward North", "where is Ann Lee's ward": another table, or a light verb, says
    # the date or place is of something else than the row's own only date or place
    if _others_named(profile, question, table) or (asked.kind == "date" and light_verbs(question, set())):
        return None
    return fitting[0] if len(fitting) == 1 else None


def _others_named(profile: DatabaseProfile, question: Question, table: TableProfile) -> bool:
    """Whether the question names another table by its words, or gives a value `table` does not hold."""
    own = table.name.lower()
    if any(other is not table and mentioned(table_stems(other), question) for other in profile.tables.values()):
        return True
    return any(all(ref.table.lower() != own for ref in value.refs) for value in question.values)


def _fits(kind: Kind, column: ColumnProfile) -> bool:
    words = set(name_words(column.name))
    if kind == "date":
        return column.kind == "date"
    if kind == "place":
        return column.kind == "text" and bool(words & _PLACE_WORDS)
    if kind == "age":
        return column.kind == "number" and _AGE in words
    return column.kind == "number" and bool(stems(sorted(words)) & stems(sorted(MEASURE_WORDS["duration"])))


def _distinct_words(table: TableProfile, column: ColumnProfile) -> set[str]:
    """What sets the column apart from others of its kind (`hire_date`: hire, `birth_place`: birth)."""
    if column.kind == "date":
        return own_date_words(table, column)
    generic = stems(sorted(_PLACE_WORDS | MEASURE_WORDS["duration"] | {_AGE}))
    own = stems(name_words(column.name)) - generic - FILLER_STEMS
    return own - table_stems(table) or own


def _verbs_naming(question: Question, table: TableProfile, column: ColumnProfile) -> set[str]:
    """The stems of question words that name what sets `column` apart ("hired", "born"), when all of it is named;
    else nothing."""
    own = _distinct_words(table, column)
    said = {stem(w): stem(_VERB_FORMS.get(w, w)) for w in question.words}
    if not own or not own <= set(said.values()):
        return set()
    return {written for written, meant in said.items() if meant in own}


def _shows(candidate: Candidate, table: str, column: ColumnProfile) -> bool:
    """Whether the candidate selects `column` of `table`, plainly or inside an aggregate."""
    return any(
        ref.table.lower() == table and ref.name.lower() == column.name.lower()
        for part in candidate.select
        for ref in part.find_all(exp.Column)
    )
