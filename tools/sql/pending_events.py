"""Events recorded by when they happened, and empty until they do: "loans not yet returned" over a `return_date`
that some rows leave NULL is `return_date IS NULL`, "returned loans" is `return_date IS NOT NULL`.

An event column is a column of the subject, no key, that some row leaves empty (tools/sql/profile.py), holding
dates or named as a time (`return_date`, `closed_on`, `delivered_at`), whose other words name the event
(`return`, `closed`, `delivered`). A participle of the event's verb names it ("returned", "closed", "shipped" of
`ship_date`, "paid" of `paid_date`). Negated plainly ("not yet returned", "still not closed", "has not been shipped
yet", "never delivered", "not returned to the branch yet", "unreturned") it reads as the column's being empty;
said alone ("returned loans", "loans that were returned") as its holding a value. Before a date ("returned in
2020") the date reading names the column, and `event_unmet` keeps a reading that ranges over another date from
answering. Refused: a participle that is a stored value (a status 'Returned' is read as that value), one that also
names a table or a second column of the subject (a `returned_flag`, an `expected_return_date`), a column no row
leaves empty, and a participle after another negation ("without being returned", "neither ... nor").
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from sqlglot import exp

from tools.sql.candidate import Candidate, col
from tools.sql.date_phrases import date_phrases
from tools.sql.filter_parts import Filters
from tools.sql.flags import negated_by
from tools.sql.profile import ColumnProfile, DatabaseProfile, TableProfile, name_words
from tools.sql.question import Question, column_stems
from tools.sql.wording import OPERATION_STEMS, stem, tokens, verb_like

TIME_WORDS = frozenset("date at on time timestamp datetime dt".split())  # what names a column as a moment
_NEGATIONS = frozenset("not no never non neither nor without".split())
_WHEN = "when"
_UN = "un"  # "unreturned", "undelivered": the participle negated
_SHORTEST = 4  # letters of a participle after "un": "under" is no negation of "der"


@dataclass(frozen=True, slots=True)
class EventWord:
    """A participle at `position` naming `column` of the subject; `negation` the words that negate it, if any."""

    position: int
    column: ColumnProfile | None  # None: the words name an event column, but which one (or whether) is a guess
    word: str  # as said: "returned", "unreturned"
    participle: str  # "returned" of both
    negation: tuple[str, ...] | None


def event_filters(profile: DatabaseProfile, question: Question, table: TableProfile) -> Iterator[Filters]:
    """`column IS NULL` for each event column of `table` a negated participle names, `column IS NOT NULL` for
    one a participle names alone, unless a date follows it (the date names the column then)."""
    dated = {phrase.start for phrase in date_phrases(question)}
    for event in event_words(profile, question, table):
        if event.column is None:
            continue
        if event.negation is None and dated & {event.position + 1, event.position + 2}:
            continue  # "returned in 2020": the range on the column is the reading (tools/sql/date_filters.py)
        target = col(table.name, event.column.name)
        absent = event.negation is not None
        said = {stem(event.word), *(stem(w) for w in event.negation or ())}
        yield Filters(
            where=(target.is_(exp.null()) if absent else exp.not_(target.is_(exp.null())),),
            covers=frozenset(said | (OPERATION_STEMS["not"] if absent else set())),
            columns=frozenset({(table.name.lower(), event.column.name.lower())}),
            cost=0.1,
            words=f"{event.column.name} is {'NULL (not ' if absent else 'not NULL ('}{event.participle})",
            negates=absent,
        )


def event_unmet(profile: DatabaseProfile, question: Question, candidate: Candidate) -> list[str]:
    """The participle that names an event column of `candidate`'s subject, when `candidate` tests no condition on
    that column: every row would be counted, happened or not. Showing the column answers only "when" ("when was
    the loan returned"); a list that shows it beside the rows asked for still holds those not yet returned."""
    table = profile.table_named(candidate.table)
    if table is None:
        return []
    short = table.name.rpartition(".")[2].lower()
    for event in event_words(profile, question, table):
        if event.column is None:
            return [event.word]
        name = event.column.name.lower()
        tested = any(
            column.name.lower() == name and column.table.lower() in ("", short)
            for condition in candidate.where
            for column in condition.find_all(exp.Column)
        )
        shown = any(column.name.lower() == name for part in candidate.select for column in part.find_all(exp.Column))
        if not tested and not (shown and event.negation is None and _WHEN in question.words):
            return [event.word]
    return []


def event_words(profile: DatabaseProfile, question: Question, table: TableProfile) -> Iterator[EventWord]:
    """The participles of `question` that name one event column of `table` each, with their negation."""
    in_value = {i for value in question.values for i in range(value.start, value.end)}
    words = question.words
    for position, word in enumerate(words):
        if position in in_value:
            continue
        negative = word.startswith(_UN) and len(word) - len(_UN) >= _SHORTEST
        participle = word[len(_UN) :] if negative and _participle(word[len(_UN) :]) else word
        if not _participle(participle):
            continue
        column = _named_event(profile, table, participle)
        if column is None:
            continue
        if column == "guess":
            yield EventWord(position, None, word, participle, None)  # no reading, and none without it
            continue
        before = words[max(0, position - 2) : position]
        if participle != word:
            if _NEGATIONS & set(before):
                continue  # "not unreturned": left unread
            negation: tuple[str, ...] | None = (word, *(["still"] if "still" in before else []))
        else:
            negation = negated_by(words, position, position + 1)
            if negation is None and _NEGATIONS & set(before):
                continue  # "without being returned", "neither returned nor": the guard declines
        if negation is not None and "yet" not in negation and words[-1] == "yet" and position < len(words) - 1:
            negation = (*negation, "yet")  # "not returned to the branch yet"
        yield EventWord(position, column, word, participle, negation)


def _participle(word: str) -> bool:
    return verb_like(word) and not word.endswith("ing")


def _named_event(
    profile: DatabaseProfile, table: TableProfile, participle: str
) -> ColumnProfile | Literal["guess"] | None:
    """The event column of `table` the participle names; "guess" when it names one but which, or whether, is a
    guess (a second column, a stored value of `table`); None when it names no event column, or names a table."""
    forms = {stem(form) for form in _bases(participle)}
    if any(profile.table_of_noun(form) is not None for form in _bases(participle)):
        return None  # "returned" of a `returns` table: the rows of that table, no date of these
    named = [column for column in table.columns if forms & column_stems(table, column)]
    if not any(map(is_event, named)):
        return None
    stored = any(
        {stem(word) for word in tokens(value)} == forms
        for (owner, _), values in profile.column_values.items()
        if owner == table.name.lower()
        for value in values
    )
    return named[0] if len(named) == 1 and not stored else "guess"


def is_event(column: ColumnProfile) -> bool:
    """Whether `column` records when something happened, empty on some row until it does: no key, holding dates or
    named as a moment (`closed_on`, `delivered_at`), with words besides the moment's."""
    words = name_words(column.name)
    timed = column.kind == "date" or bool(TIME_WORDS & set(words))
    event = set(words) - TIME_WORDS
    return column.absent and not column.primary_key and column.kind != "key" and timed and bool(event)


def _bases(participle: str) -> set[str]:
    """The participle and the verbs it may be a form of: "shipped" -> "ship", "carried" -> "carry"."""
    forms = {participle}
    if participle.endswith("ied"):
        forms.add(participle[:-3] + "y")
    elif participle.endswith("ed") and len(participle) > 4 and participle[-3] == participle[-4]:
        forms.add(participle[:-3])  # a doubled consonant: "shipped", "logged"
    return forms
