"""Substring conditions: "tracks whose name contains 'night'", "albums with 'Love' in their title".

The fragment is what the question quotes, or the one word, right after "contains" / "includes" (past "the word",
"the letters"), or right before "in their <column>". The column is the text column of the subject that the
question names ("title", "name"); when it names none, the subject's one naming column, but only if a stored value
of it contains the fragment (a guess the data must bear out). A column the question names may legitimately hold
no such value: the answer is then empty. The match ignores case on every dialect: `LOWER(column) LIKE '%x%'`.
"""

from dataclasses import dataclass

from sqlglot import exp

from tools.sql.candidate import col
from tools.sql.filter_parts import Filters
from tools.sql.profile import ColumnProfile, DatabaseProfile, TableProfile, name_words
from tools.sql.question import Question, column_stems, table_stems
from tools.sql.wording import FILLER_STEMS, quoted_phrases, stem, stems, tokens

_CUES = frozenset("contain contains containing include includes including".split())
_FRAGMENT_NOUNS = frozenset("word words letter letters string text phrase term".split())
_OWNERS = frozenset("their its his her the".split())
_GUESS = 0.3  # the naming column when the question names no column


@dataclass(frozen=True, slots=True)
class Fragment:
    """Words `start:end` of the question, matched as `text` anywhere in a column."""

    start: int
    end: int
    text: str
    cue: tuple[str, ...]  # the words that ask for the match ("contains", "the word", "in their")
    quoted: bool


def fragment(question: Question) -> Fragment | None:
    """The substring the question asks to match, if it asks for one."""
    words = question.words
    quoted = [(phrase, tokens(phrase)) for phrase in quoted_phrases(question.text)]
    for index, word in enumerate(words):
        if word in _CUES:
            start = index + 1
            while start < len(words) and (words[start] in _FRAGMENT_NOUNS or words[start] == "the"):
                start += 1
            if start > index + 1 and words[start - 1] == "the":
                continue  # "contains the track ...": a thing, not a fragment
            found = _at(words, start, quoted, ahead=True)
            if found is not None:
                return Fragment(*found[:3], tuple(words[index:start]), found[3])
        if word == "in" and index + 2 < len(words) and words[index + 1] in _OWNERS and _ends_clause(words, index + 3):
            found = _at(words, index, quoted, ahead=False)
            # unquoted, only "have <X> in their <noun>" / "with <X> in its <noun>": "appear in the playlist" is no X
            if found is not None and (
                found[3] or (words[index + 1] != "the" and found[0] > 0 and words[found[0] - 1] in _HAVING)
            ):
                return Fragment(*found[:3], ("in", words[index + 1]), found[3])
    return None


_HAVING = frozenset("have has having with".split())


def _ends_clause(words: list[str], position: int) -> bool:
    return position == len(words) or words[position] == "and"


def quoted_fragment(question: Question) -> bool:
    """Whether the question quotes a fragment to match ("artists with 'the' in their name"): even a filler word is
    then something a reading must match (tools/sql/cues.py)."""
    found = fragment(question)
    return found is not None and found.quoted


def _at(
    words: list[str], position: int, quoted: list[tuple[str, list[str]]], *, ahead: bool
) -> tuple[int, int, str, bool] | None:
    """The quoted phrase that starts (`ahead`) or ends at `position`, else the one word there if it is no filler."""
    for phrase, said in quoted:
        start = position if ahead else position - len(said)
        if said and start >= 0 and words[start : start + len(said)] == said:
            return start, start + len(said), phrase.strip(), True
    index = position if ahead else position - 1
    if 0 <= index < len(words) and stem(words[index]) not in FILLER_STEMS and words[index] not in _CUES:
        if not ahead or index + 1 == len(words) or words[index + 1] in ("and", "in"):
            return index, index + 1, words[index], False
    return None


def substring_filters(profile: DatabaseProfile, question: Question, table: TableProfile) -> list[Filters]:
    """`LOWER(column) LIKE '%fragment%'` on the text column of `table` the question names, or its naming column."""
    found = fragment(question)
    if found is None or not found.text or any(ch in found.text for ch in "%_\\"):
        return []
    if not found.quoted and stem(question.words[found.start]) in _schema_stems(profile):
        return []  # "contains tracks": a table or column word is what is contained, not a fragment
    inside = {i for i, value in enumerate(question.values) if found.start <= value.start and value.end <= found.end}
    if any(
        value.start < found.end and found.start < value.end
        for i, value in enumerate(question.values)
        if i not in inside
    ):
        return []  # a stored value runs across the fragment's edge
    outside = {stem(w) for i, w in enumerate(question.words) if not found.start <= i < found.end}
    texts = [c for c in table.columns if c.kind == "text"]
    named = [c for c in texts if column_stems(table, c) <= outside and column_stems(table, c) - FILLER_STEMS]
    column, cost = (named[0], 0.0) if len(named) == 1 else (None, 0.0)
    if column is None and not named and len(table.labels) == 1:
        label = table.labels[0]
        if _holds(profile, table, label, found.text) and not _stored_elsewhere(question, inside, table):
            column, cost = label, _GUESS
    if column is None:
        return []
    matched = exp.Like(
        this=exp.Lower(this=col(table.name, column.name)), expression=exp.Literal.string(f"%{found.text.lower()}%")
    )
    return [
        Filters(
            where=(matched,),
            covers=frozenset(stems(question.words[found.start : found.end]) | stems(list(found.cue)))
            | column_stems(table, column)
            | table_stems(table),
            values_used=frozenset(inside),
            columns=frozenset({(table.name.lower(), column.name.lower())}),
            cost=cost,
            words=f"{column.name} contains {found.text}",
        )
    ]


def _holds(profile: DatabaseProfile, table: TableProfile, column: ColumnProfile, text: str) -> bool:
    stored = profile.column_values.get((table.name.lower(), column.name.lower()), [])
    return any(text.lower() in value.lower() for value in stored)


def _stored_elsewhere(question: Question, inside: set[int], table: TableProfile) -> bool:
    """Whether the fragment is a whole value of another table ("albums containing <a track's name>")."""
    return any(ref.table.lower() != table.name.lower() for i in inside for ref in question.values[i].refs)


def _schema_stems(profile: DatabaseProfile) -> set[str]:
    names = [t.name for t in profile.tables.values()] + [c.name for t in profile.tables.values() for c in t.columns]
    return {stem(word) for name in names for word in name_words(name)}
