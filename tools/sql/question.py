"""A question read against a database profile: its words, the stored values and numbers it names, and cues."""

import re
from dataclasses import dataclass, field

from tools.sql.empty_words import empty_positions, unvalued_singles
from tools.sql.money import PAID_BY, currency_numbers
from tools.sql.plain_words import plain_word_refs
from tools.sql.profile import ColumnProfile, DatabaseProfile, TableProfile, ValueRef, name_words
from tools.sql.scope_phrases import scope_positions
from tools.sql.units import unit
from tools.sql.whole_set import holding_positions
from tools.sql.wording import (
    ALTERNATIVE,
    ASCENDING,
    DESCENDING,
    FILLER,
    FILLER_STEMS,
    NUMBER_WORDS,
    OPERATION_STEMS,
    filler_positions,
    linking_stems,
    participle_stems,
    quoted_words,
    stem,
    stems,
    tokens,
    verb_like,
    written_tokens,
)

MAX_VALUE_WORDS = 6
_YEAR = re.compile(r"^(19|20)\d\d$")
_BEFORE_NUMBER_WORD = frozenset(
    "than least most top exactly only".split()
)  # "more than one": a count, not "the one who"


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
    groups_by: bool = False  # a "by" before a column or table name ("sales by country"): a grouping to read
    in_names: frozenset[int] = frozenset()  # positions of words that are part of a column's name ("last name")
    money: frozenset[int] = frozenset()  # positions of numbers written as money ("$20", "20 euros")
    holding: frozenset[int] = frozenset()  # words naming the whole data set ("in our fleet": tools/sql/whole_set.py)

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
        """Stems that an answer must account for: everything but filler, empty words (tools/sql/empty_words.py),
        values and numbers."""
        taken = {i for value in self.values for i in range(value.start, value.end)}
        taken |= {number.index for number in self.numbers} | filler_positions(self.words) | self.empty
        content = {stem(w) for i, w in enumerate(self.words) if i not in taken} - FILLER_STEMS
        return content | ({GROUPING_BY} if self.groups_by else set())

    @property
    def empty(self) -> frozenset[int]:
        """Positions of words that carry no query meaning where they stand (tools/sql/empty_words.py), and those
        that name the whole data set (tools/sql/whole_set.py) or every row (tools/sql/scope_phrases.py)."""
        spans = [(value.start, value.end) for value in self.values]
        scope = scope_positions(self.text, self.words, spans)  # "in total, across every grant": no grouping
        return empty_positions(self.words, spans, quoted_words(self.text)) | scope | self.holding

    @property
    def linking(self) -> frozenset[str]:
        """The words that say how two named things relate (`linking_stems`); a grouping "by" is not one of them:
        "total fee by member" asks for a total per member, not the total of fees that members paid."""
        found = linking_stems(self.words)
        return found - {GROUPING_BY} if self.groups_by else found

    @property
    def all_stems(self) -> set[str]:
        return stems(self.words)

    @property
    def free_stems(self) -> set[str]:
        """Stems of the words outside stored values and names: "albums titled Greatest Hits" asks for no maximum,
        "ordered by last name" for no descending order."""
        taken = {i for value in self.values for i in range(value.start, value.end)} | self.in_names | self.empty
        return {stem(w) for i, w in enumerate(self.words) if i not in taken}

    def asks(self, operation: str) -> bool:
        return bool(self.free_stems & OPERATION_STEMS[operation])

    def has_phrase(self, phrase: str) -> bool:
        return f" {phrase} " in f" {' '.join(self.words)} "


def value_index(profile: DatabaseProfile) -> dict[tuple[str, ...], tuple[ValueRef, ...]]:
    """Stored values by their words, for matching against question words."""
    index: dict[tuple[str, ...], list[ValueRef]] = {}
    for refs in profile.values.values():
        for ref in refs:
            key = tuple(tokens(ref.value))
            if key and not (len(key) == 1 and _function_word(key[0])):
                index.setdefault(key, []).append(ref)
                index.setdefault((_STEMMED, *map(stem, key)), []).append(ref)  # "sales support agents"
    return {key: tuple(refs) for key, refs in index.items()}


_OPERATION_UNION = set().union(*OPERATION_STEMS.values())


def _function_word(word: str) -> bool:
    """Whether a one-word value is a word questions use for something else ("all", "total", "or"): never indexed.
    A verb form of a filler word is indexed ("returned" is an order status, "return" asks for rows), and read only
    on the evidence `_Evidence.admitted` asks of any verb."""
    if stem(word) in _OPERATION_UNION | {ALTERNATIVE}:
        return True
    return stem(word) in FILLER_STEMS and (word in FILLER or not verb_like(word))


_STEMMED = "\0stems"  # marks an index key of stems, looked up when the words as written match nothing


@dataclass(frozen=True, slots=True)
class _Evidence:
    """What the question as written says about its words: quoted ones, and words written with capitals (not the
    first word), so "the track Released" names a value where "tracks released in 2001" does not."""

    quoted: frozenset[str]
    capitalised: frozenset[str]
    labels: frozenset[tuple[str, str]]

    def admitted(self, word: str, stemmed: bool, refs: tuple[ValueRef, ...], noun: str = "") -> tuple[ValueRef, ...]:
        """Where a one-word value is stored that `word` may name: all of `refs`, except for a verb or function
        word (tools/sql/wording.py `verb_like`). That names a value only when quoted or written as stored,
        capitals included; otherwise only a value it equals (not by stem) in the one column outside tables'
        names and titles that holds it (an order status "shipped", not a product called Shipped), or in the one
        such column of the table `noun`, the word after it, names ("boxing classes": a class's type, not a
        trainer's specialty)."""
        if (
            not verb_like(word)
            or word in self.quoted
            or (not stemmed and any(r.value in self.capitalised for r in refs))
        ):
            return refs
        if stemmed:
            return ()
        kept = tuple(ref for ref in refs if (ref.table.lower(), ref.column.lower()) not in self.labels)
        if len({(ref.table.lower(), ref.column.lower()) for ref in kept}) > 1 and noun:
            kept = tuple(ref for ref in kept if stems(name_words(ref.table.rpartition(".")[2])) == {stem(noun)})
        return kept if len({(ref.table.lower(), ref.column.lower()) for ref in kept}) == 1 else ()


def _lowered(words: frozenset[str]) -> frozenset[str]:
    return frozenset(word.lower() for word in words)


def _evidence(text: str, labels: frozenset[tuple[str, str]]) -> _Evidence:
    written = written_tokens(text)
    capitalised = frozenset(word for word in written[1:] if word[:1].isupper())
    return _Evidence(quoted_words(text), capitalised, labels)


def _value_at(
    words: list[str],
    position: int,
    index: dict[tuple[str, ...], tuple[ValueRef, ...]],
    schema_stems: set[str],
    evidence: _Evidence,
    unvalued: frozenset[int],
) -> ValueMention | None:
    """The longest value starting at `position`, as written; failing that, the longest by stems. A word at
    `unvalued` ("single" as a quantity: tools/sql/empty_words.py) is no one-word value."""
    longest = range(min(len(words), position + MAX_VALUE_WORDS), position, -1)
    for stemmed in (False, True):
        for end in longest:
            key = tuple(words[position:end])
            refs = index.get((_STEMMED, *map(stem, key)) if stemmed else key)
            if refs and end - position == 1:
                refs = (
                    ()
                    if stem(words[position]) in schema_stems or position in unvalued
                    else evidence.admitted(words[position], stemmed, refs, "".join(words[position + 1 : position + 2]))
                )
                if stemmed and _modifies(words, position, schema_stems):
                    # "rescue teams": a noun before a table's name, not the outcome "rescued" it shares a stem with
                    refs = tuple(ref for ref in refs if not verb_like(ref.value.lower()))
                if position and words[position - 1].isdigit() and unit(words[position]):
                    refs = ()  # "over 5 MB" is a size, not a place called MB
                refs = plain_word_refs(
                    words, position, refs, evidence.quoted | _lowered(evidence.capitalised), evidence.labels
                )
            if refs:
                return ValueMention(position, end, refs)
    return None


def _modifies(words: list[str], position: int, schema_stems: set[str]) -> bool:
    """Whether the word at `position` is no verb form and stands before a schema word, as a noun modifying it."""
    following = words[position + 1 : position + 2]
    return not verb_like(words[position]) and bool(following) and stem(following[0]) in schema_stems


def read_question(
    text: str,
    index: dict[tuple[str, ...], tuple[ValueRef, ...]],
    schema_stems: set[str],
    labels: frozenset[tuple[str, str]] = frozenset(),
    written: str | None = None,
) -> Question:
    """The question's words with the longest stored values found left to right, and its numbers.

    A one-word value that is also a schema word ("name", "city") is read as the schema word; `schema_stems` also
    holds "stem digit" pairs of names such as `line_1`, whose digit is a word, not a number. A verb or function
    word is a value only on the evidence of `_Evidence.admitted`; `labels` are the (table, column) pairs that
    name rows, and `written` is the question as the user wrote it when `text` is a rewording of it.
    """
    evidence = _evidence(written or text, labels)
    words = _plain_count(tokens(text), index, schema_stems, evidence)
    question = Question(text, words)
    unvalued = unvalued_singles(words, evidence.quoted)
    position = 0
    while position < len(words):
        found = _value_at(words, position, index, schema_stems, evidence, unvalued)
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
    question.groups_by = _groups_by(question, schema_stems)
    question.holding = holding_positions(
        words,
        [(value.start, value.end) for value in question.values],
        schema_stems,
        lambda word: (word,) in index or (_STEMMED, stem(word)) in index,
    )
    question.money = currency_numbers(written or text, [(n.index, words[n.index]) for n in question.numbers])
    question.in_names = frozenset(
        i
        for i in range(len(words) - 1)
        if stem(words[i]) in (OPERATION_STEMS["max"] | OPERATION_STEMS["min"] | _ORDER_STEMS) & schema_stems
        and stem(words[i + 1]) in schema_stems
    )
    return question


_ORDER_STEMS = stems(sorted(DESCENDING | ASCENDING))
_PARTITIVE = ("how", "many", "of")
_PARTITIVE_DETERMINERS = frozenset("the our these".split())


def _plain_count(
    words: list[str], index: dict[tuple[str, ...], tuple[ValueRef, ...]], schema_stems: set[str], evidence: _Evidence
) -> list[str]:
    """`words` with "of the", "of our", "of these" dropped after "how many": "how many of the farms" counts what
    "how many farms" does, and the rules that read the noun right after "how many" (a lookup value, a type) must
    see it there. "how many of each X" groups and is kept, and so is a stored value the determiner begins ("how
    many of The Clash songs")."""
    for at in range(len(words) - len(_PARTITIVE)):
        if tuple(words[at : at + len(_PARTITIVE)]) != _PARTITIVE:
            continue
        determiner = at + len(_PARTITIVE)
        if words[determiner] in _PARTITIVE_DETERMINERS and determiner + 1 < len(words):
            if _value_at(words, determiner, index, schema_stems, evidence, frozenset()) is None:
                return [*words[: at + 2], *words[determiner + 1 :]]
    return words


GROUPING_BY = "by"
_BEFORE_GROUP = frozenset("the a an each every their its his her".split())
# "spent by customers" names who paid; "multiplied by unit price" is arithmetic (tools/sql/arithmetic.py)
_NOT_GROUPING = PAID_BY | {"multiplied", "divided"}


def _groups_by(question: Question, schema_stems: set[str]) -> bool:
    return bool(grouping_bys(question, schema_stems))


def grouping_bys(question: Question, schema_stems: set[str]) -> frozenset[int]:
    """The positions of each "by" that comes before the name of a column or table that no value follows: "tracks by
    composer", "sales by country", "count by genre" group by it, where "by Iron Maiden", "by the artist Queen" name
    a value."""
    words = question.words
    in_value = {i for value in question.values for i in range(value.start, value.end)}
    starts = {value.start for value in question.values}
    found: set[int] = set()
    for index, word in enumerate(words):
        if word != GROUPING_BY or (index > 0 and words[index - 1] in _NOT_GROUPING) or _agent_follows(words, index):
            continue
        after = index + 1
        while after < len(words) and words[after] in _BEFORE_GROUP:
            after += 1
        if after >= len(words) or after in in_value or stem(words[after]) not in schema_stems:
            continue
        named_end = after + 1
        while named_end < len(words) and stem(words[named_end]) in schema_stems and named_end not in in_value:
            named_end += 1  # "by billing country"
        if named_end not in starts:
            found.add(index)
    return frozenset(found)


# participles after which "by" groups ("grouped by country", "sorted by year"), not names who did it
_GROUPING_PARTICIPLES = frozenset(
    """grouped sorted ordered ranked split broken arranged listed organised organized categorised categorized
    classified segmented aggregated summarised summarized totalled totaled counted down""".split()
)


_AGENT_DETERMINERS = frozenset("the a an their its his her".split())  # "by each team" groups


def _agent_follows(words: list[str], index: int) -> bool:
    """Whether the "by" at `index` names who did what a passive verb says ("handled by teams", "reviewed by the
    staff"): a participle before it, and after it a determiner or a plural, where a grouping "by" takes a bare
    singular ("released by year", "sales by country")."""
    if index == 0 or index + 1 >= len(words):
        return False
    before, after = words[index - 1], words[index + 1]
    participle = bool(participle_stems([before])) or (before.endswith("ed") and len(before) > 4)
    if not participle or before in _GROUPING_PARTICIPLES:
        return False
    return after in _AGENT_DETERMINERS or (after.endswith("s") and not after.endswith("ss") and stem(after) != after)


def table_stems(table: TableProfile) -> set[str]:
    return stems(name_words(table.name))


def column_stems(table: TableProfile, column: ColumnProfile) -> set[str]:
    """The words that name `column`: without its table's words (`section_name` of `Sections` is `name`)."""
    own = stems(name_words(column.name))
    return own - table_stems(table) or own


def mentioned(required: set[str], question: Question) -> bool:
    return bool(required) and required <= question.all_stems


_COUNT_LEADS = (("how", "many"), ("number", "of"))
_SUBJECT_LEADS = (*_COUNT_LEADS, ("which",), ("what",), ("list",), ("show",))  # "list the tracks ..."


def subject_stems(question: Question, leads: tuple[tuple[str, ...], ...] = _SUBJECT_LEADS) -> set[str]:
    """The stems of the first content word after "how many", "number of", "which", "what", "list" or "show": what the
    question is about ("which members", "list the tracks"), or a column ("what name"), or nothing."""
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
    return asked_elsewhere(profile, question, table, _COUNT_LEADS)


Leads = tuple[tuple[str, ...], ...]


def asked_elsewhere(
    profile: DatabaseProfile, question: Question, table: TableProfile, leads: Leads = _SUBJECT_LEADS
) -> set[str]:
    """The subject word ("which books", "how many books") when it names another table than `table`, else nothing.
    Rows of `table` do not answer it, whatever else names that word (a link table `shelf_book` of shelves)."""
    said = subject_stems(question, leads)
    if said & table_stems(table) or not any(said & table_stems(t) for t in profile.tables.values()):
        return set()
    return said
