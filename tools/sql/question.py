"""A question read against a database profile: its words, the stored values and numbers it names, and cues."""

import re
from dataclasses import dataclass, field

from tools.sql.profile import ColumnProfile, DatabaseProfile, TableProfile, ValueRef, name_words
from tools.sql.wording import ALTERNATIVE, FILLER_STEMS, NUMBER_WORDS, OPERATION_STEMS, stem, stems, tokens

MAX_VALUE_WORDS = 6
_YEAR = re.compile(r"^(19|20)\d\d$")
_BEFORE_NUMBER_WORD = frozenset("than least most top".split())  # "more than one": a count, not "the one who"


@dataclass(frozen=True, slots=True)
class ValueMention:
    """Words `start:end` of the question equal a stored value, which may be stored in several columns."""

    start: int
    end: int
    refs: tuple[ValueRef, ...]

    @property
    def text(self) -> str:
        return self.refs[0].value


@dataclass(frozen=True, slots=True)
class NumberMention:
    index: int
    value: float
    is_year: bool


@dataclass(slots=True)
class Question:
    text: str
    words: list[str]
    values: list[ValueMention] = field(default_factory=list)
    numbers: list[NumberMention] = field(default_factory=list)

    @property
    def alternatives(self) -> list[tuple[int, ...]]:
        """Positions in `values` of values joined by "or" ("Brazil or Canada", "Jazz, Blues or Latin"): each
        group is one condition, the column equal to any of them, never each value on a column of its own."""
        groups: list[list[int]] = []
        for position, value in enumerate(self.values):
            previous = self.values[position - 1] if position else None
            between = self.words[previous.end : value.start] if previous else None
            if between is not None and between in ([], [ALTERNATIVE]) and groups and groups[-1][-1] == position - 1:
                groups[-1].append(position)
            else:
                groups.append([position])
        return [
            tuple(group)
            for group in groups
            if len(group) > 1 and ALTERNATIVE in self.words[self.values[group[0]].end : self.values[group[-1]].start]
        ]

    @property
    def content(self) -> set[str]:
        """Stems that an answer must account for: everything but filler, values and numbers."""
        taken = {i for value in self.values for i in range(value.start, value.end)}
        taken |= {number.index for number in self.numbers}
        return {stem(w) for i, w in enumerate(self.words) if i not in taken} - FILLER_STEMS

    @property
    def all_stems(self) -> set[str]:
        return stems(self.words)

    def asks(self, operation: str) -> bool:
        return bool(self.all_stems & OPERATION_STEMS[operation])

    def has_phrase(self, phrase: str) -> bool:
        return f" {phrase} " in f" {' '.join(self.words)} "


def value_index(profile: DatabaseProfile) -> dict[tuple[str, ...], tuple[ValueRef, ...]]:
    """Stored values by their words, for matching against question words."""
    index: dict[tuple[str, ...], list[ValueRef]] = {}
    for refs in profile.values.values():
        for ref in refs:
            key = tuple(tokens(ref.value))
            if key and not (len(key) == 1 and stem(key[0]) in FILLER_STEMS | _OPERATION_UNION | {ALTERNATIVE}):
                index.setdefault(key, []).append(ref)
                index.setdefault((_STEMMED, *map(stem, key)), []).append(ref)  # "sales support agents"
    return {key: tuple(refs) for key, refs in index.items()}


_OPERATION_UNION = set().union(*OPERATION_STEMS.values())
_STEMMED = "\0stems"  # marks an index key of stems, looked up when the words as written match nothing


def _value_at(
    words: list[str], position: int, index: dict[tuple[str, ...], tuple[ValueRef, ...]], schema_stems: set[str]
) -> ValueMention | None:
    """The longest value starting at `position`, as written; failing that, the longest by stems."""
    longest = range(min(len(words), position + MAX_VALUE_WORDS), position, -1)
    for stemmed in (False, True):
        for end in longest:
            key = tuple(words[position:end])
            refs = index.get((_STEMMED, *map(stem, key)) if stemmed else key)
            if refs and not (end - position == 1 and stem(words[position]) in schema_stems):
                return ValueMention(position, end, refs)
    return None


def read_question(text: str, index: dict[tuple[str, ...], tuple[ValueRef, ...]], schema_stems: set[str]) -> Question:
    """The question's words with the longest stored values found left to right, and its numbers.

    A one-word value that is also a schema word ("name", "city") is read as the schema word; `schema_stems` also
    holds "stem digit" pairs of names such as `line_1`, whose digit is a word, not a number.
    """
    words = tokens(text)
    question = Question(text, words)
    position = 0
    while position < len(words):
        found = _value_at(words, position, index, schema_stems)
        if found is not None:
            question.values.append(found)
            position = found.end
        else:
            word = words[position]
            if position > 0 and f"{stem(words[position - 1])} {word}" in schema_stems:
                pass  # "line 1" names the column `line_1`: a word of a name, not a number
            elif word.isdigit() or re.fullmatch(r"\d+\.\d+", word):
                question.numbers.append(NumberMention(position, float(word), bool(_YEAR.match(word))))
            elif word in NUMBER_WORDS and position > 0 and words[position - 1] in _BEFORE_NUMBER_WORD:
                question.numbers.append(NumberMention(position, float(NUMBER_WORDS[word]), False))
            position += 1
    return question


def table_stems(table: TableProfile) -> set[str]:
    return stems(name_words(table.name))


def column_stems(table: TableProfile, column: ColumnProfile) -> set[str]:
    """The words that name `column`: without its table's words (`section_name` of `Sections` is `name`)."""
    own = stems(name_words(column.name))
    return own - table_stems(table) or own


def mentioned(required: set[str], question: Question) -> bool:
    return bool(required) and required <= question.all_stems


_COUNT_LEADS = (("how", "many"), ("number", "of"))
_SUBJECT_LEADS = (*_COUNT_LEADS, ("which",), ("what",))


def subject_stems(question: Question, leads: tuple[tuple[str, ...], ...] = _SUBJECT_LEADS) -> set[str]:
    """The stems of the first content word after "how many", "number of", "which" or "what": what the question
    is about ("which members", "how many professionals"), or a column ("what name"), or nothing."""
    words = question.words
    for index in range(len(words)):
        lead = next((lead for lead in leads if tuple(words[index : index + len(lead)]) == lead), None)
        if lead is not None:
            following = [stem(w) for w in words[index + len(lead) : index + len(lead) + 3]]
            content = [s for s in following if s not in FILLER_STEMS and s not in OPERATION_STEMS["distinct"]]
            return set(content[:1])
    return set()


def counted_elsewhere(profile: DatabaseProfile, question: Question, table: TableProfile) -> set[str]:
    """What "how many" or "number of" counts when it names another table than `table` ("how many tracks does
    the album Big Ones have", over albums: tracks), else nothing. A count of `table` rows leaves those words
    unread, whatever else names them, so it is shown as the nearest query at most."""
    counted = subject_stems(question, _COUNT_LEADS)
    if counted & table_stems(table) or not any(counted & table_stems(t) for t in profile.tables.values()):
        return set()
    return counted
