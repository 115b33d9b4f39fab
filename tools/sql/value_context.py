"""What the words around a stored value say about it: the kind it is named as, a "not" or "either" before it, an
owner."""

from tools.sql.profile import DatabaseProfile, ValueRef
from tools.sql.question import Question, ValueMention, column_stems, table_stems
from tools.sql.wording import FILLER_STEMS, stem

_DETERMINERS = frozenset({"the", "of", "a", "an"})
_AUXILIARIES = frozenset({"do", "does", "did"})
NEGATION = "not"
EITHER = "either"
GLUE = frozenset("the a an in on at of to for from with".split())  # "either in the ...", "both in ..."
MAX_GLUE = 2
_NEGATION_REACH = 4  # "not in the": the words a "not" may stand before the value it negates


def named_refs(profile: DatabaseProfile, question: Question, value: ValueMention) -> tuple[tuple[ValueRef, ...], bool]:
    """The places `value` is stored that the noun beside it names: "the album Big Ones", "the city of Prague",
    "the Rock genre" (a noun after the value counts only after "the": "Rock tracks" is not a track named Rock),
    and whether a noun named them; all of them, and False, when the nouns beside it name none."""
    words = question.words
    before = value.start - 1
    while before >= 0 and words[before] in _DETERMINERS:
        before -= 1
    nouns = [words[before]] if before >= 0 else []
    if value.start > 0 and words[value.start - 1] == "the" and value.end < len(words):
        nouns.append(words[value.end])
    noun_stems = {stem(noun) for noun in nouns} - FILLER_STEMS
    named = tuple(ref for ref in value.refs if noun_stems & _ref_stems(profile, ref))
    return (named, True) if named else (value.refs, False)


def _ref_stems(profile: DatabaseProfile, ref: ValueRef) -> set[str]:
    table = profile.tables.get(ref.table.lower())
    column = table.column(ref.column) if table else None
    if table is None or column is None:
        return set()
    return table_stems(table) | column_stems(table, column)


def negated_value(profile: DatabaseProfile, question: Question, value: ValueMention) -> bool:
    """Whether a "not" stands just before `value` ("not in the Rock genre", "do not live in Bristol", "not in the
    playlist Grunge"): only filler between them, and at most one word of no table or column, a verb, right after
    the "not", and the noun that names the value right before it."""
    words = question.words
    start = max(0, value.start - _NEGATION_REACH - 1)
    naming = set().union(*(_ref_stems(profile, ref) for ref in value.refs))
    before = value.start
    if before > 0 and stem(words[before - 1]) in naming:
        before -= 1  # "not in the playlist Grunge": the noun naming the value is part of it
    for position in range(before - 1, start - 1, -1):
        if words[position] == NEGATION:
            between = [stem(w) for w in words[position + 1 : before]]
            if all(s in FILLER_STEMS for s in between[1:]) and (
                not between or between[0] in FILLER_STEMS or not _names_schema(profile, between[0])
            ):
                return True
            return False
    return False


def _names_schema(profile: DatabaseProfile, word_stem: str) -> bool:
    return any(
        word_stem in table_stems(table) or any(word_stem in column_stems(table, c) for c in table.columns)
        for table in profile.tables.values()
    )


def possessed_by(question: Question, value: ValueMention) -> bool:
    """Whether `value` is who has the rows asked about: "how many albums does Iron Maiden have", "which tracks
    did the artist Queen record". The value then names an owner, never one of those rows."""
    words = question.words
    position = value.start - 1
    while position >= 0 and words[position] in _DETERMINERS:
        position -= 1
    if position > 0 and words[position - 1] in _DETERMINERS:  # "does the artist Queen": the noun naming it
        position -= 1
        while position >= 0 and words[position] in _DETERMINERS:
            position -= 1
    return position >= 0 and words[position] in _AUXILIARIES


def made_by(question: Question, value: ValueMention) -> bool:
    """Whether `value` follows "by" ("tracks by Iron Maiden", "books by the Ingrid Vale"): it names who made the
    rows, so it is never the rows' own name."""
    position = value.start - 1
    while position >= 0 and question.words[position] in _DETERMINERS:
        position -= 1
    return position >= 0 and question.words[position] == "by"


def preceded_by(question: Question, start: int, word: str) -> bool:
    """Whether `word` comes right before word `start`, but for at most two glue words ("both in the ...")."""
    position = start - 1
    while position >= 0 and start - position <= MAX_GLUE and question.words[position] in GLUE:
        position -= 1
    return position >= 0 and question.words[position] == word


def either_stems(question: Question, group: tuple[int, ...]) -> frozenset[str]:
    """{"either"} when it opens the "or" group `group` (positions in `Question.values`: "in either Algebra or
    Biology"), else nothing: "either" adds nothing to the values' IN but says that one of them suffices."""
    return frozenset({EITHER}) if preceded_by(question, question.values[group[0]].start, EITHER) else frozenset()
