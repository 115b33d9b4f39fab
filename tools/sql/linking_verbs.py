"""Verbs that link two tables: "shops that sell tea", "students who took Algebra", "teachers who teach Biology".

A verb in any tense that stands between the subject's noun and a value or noun of another table says only that
the two are related, as "-ed" participles do (tools/sql/wording.py `linking_stems`). It is told by its position,
never by a list of domain verbs: the one content word right before the value or noun (past articles), after the
subject's noun, a value, a relative pronoun or an auxiliary ("shops in Oslo sell", "students who have taken"),
the nearest noun before it naming the subject. A reading accounts for it only when it relates the subject to that
table directly, the one way the schema does: a foreign key between the two, or a table with keys to both (a link
or referring table), joined or as an `IN` subquery. Two such ways (stock and recalls of a shop's products) leave
the verb a choice, so it stays unread. A verb that names a table, a column or a one-word stored value (a status
"sold") is no such verb, nor is one a grouped reading measures ("which shop sells the most tea": "most" stands
between), nor one after the value it relates ("how many products did Leaf sell").
"""

from dataclasses import dataclass

from sqlglot import exp

from tools.sql.candidate import Candidate
from tools.sql.profile import DatabaseProfile, name_words
from tools.sql.question import Question
from tools.sql.wording import FILLER, IRREGULAR_BASE, OPERATION_STEMS, stem

_BEFORE_TARGET = FILLER | {"some"}  # "own a boat", "sell some tea"
# what may come right before the verb besides the subject's noun or a value ("shops in Oslo sell"): a relative
# pronoun, an auxiliary or a negation; never a word that qualifies a noun ("any other visits", "only sell")
_BEFORE_VERB = frozenset(
    "who that which are is was were be been being have has had do does did will would can could not never".split()
)
_OPERATIONS = frozenset().union(*OPERATION_STEMS.values())


@dataclass(frozen=True, slots=True)
class LinkingVerb:
    """The verb `word` (a stem) relates rows of `subject` to those of one of `targets` (bare lower-case names)."""

    word: str
    subject: str
    targets: frozenset[str]
    value: int | None  # the position in `Question.values` of the value it relates to, if a value


def linking_verbs(profile: DatabaseProfile, question: Question) -> list[LinkingVerb]:
    """The verbs of `question` that stand between the subject's noun and a value or noun of another table."""
    words = question.words
    in_value = {i for value in question.values for i in range(value.start, value.end)}
    targets: list[tuple[int, frozenset[str], int | None]] = [
        (value.start, frozenset(_bare(ref.table) for ref in value.refs), position)
        for position, value in enumerate(question.values)
    ]
    targets += [
        (i, frozenset({named}), None)
        for i, word in enumerate(words)
        if i not in in_value and (named := _named(profile, word))
    ]
    found = []
    for start, tables, value in targets:
        verb = start - 1
        while verb >= 0 and verb not in in_value and words[verb] in _BEFORE_TARGET:
            verb -= 1
        if verb < 1 or verb in in_value or not _may_be_verb(profile, words[verb]):
            continue
        noun, subject = _subject_before(profile, words, verb, in_value)
        if not subject or not (verb - 1 == noun or verb - 1 in in_value or words[verb - 1] in _BEFORE_VERB):
            continue
        # two tables relating the same two ("seen": visits or prescriptions?): the verb would pick one, a guess
        related = frozenset(t for t in tables - {subject} if _routes(profile, subject, t) == 1)
        if related:
            found.append(LinkingVerb(stem(words[verb]), subject, related, value))
    return found


def with_linking_verbs(profile: DatabaseProfile, question: Question, found: list[Candidate]) -> list[Candidate]:
    """`found`, where an ungrouped reading relates a verb's subject to its target through a key between them or
    a table referring to both, with the verb accounted for."""
    verbs = linking_verbs(profile, question)
    if not verbs:
        return found
    accounted = []
    for candidate in found:
        for verb in verbs:
            if (
                _bare(candidate.table) == verb.subject
                and not candidate.group
                and (verb.value is None or verb.value in candidate.values_used)
                and any(_relates(profile, candidate, verb.subject, target) for target in verb.targets)
            ):
                candidate = candidate.extended(covers=candidate.covers | {verb.word})
        accounted.append(candidate)
    return accounted


def _bare(name: str) -> str:
    """A table's name without its schema, lower-case: as a subquery names it (tools/sql/candidate.py)."""
    return name.rpartition(".")[2].lower()


def _named(profile: DatabaseProfile, word: str) -> str:
    """The table `word` names as a noun, or nothing."""
    table = profile.table_of_noun(word)
    return _bare(table.name) if table is not None else ""


def _subject_before(profile: DatabaseProfile, words: list[str], verb: int, in_value: set[int]) -> tuple[int, str]:
    """The position of the nearest noun before `verb` outside values that names a table, and the table; (-1, "")
    if none does."""
    for i in range(verb - 1, -1, -1):
        if i not in in_value and (named := _named(profile, words[i])):
            return i, named
    return -1, ""


def _routes(profile: DatabaseProfile, subject: str, target: str) -> int:
    """How many ways a key relates `subject` and `target` rows: keys between them, and pairs of keys of one table
    to both."""
    keys = [(_bare(fk.table), _bare(fk.target_table)) for fk in profile.foreign_keys]
    direct = sum(pair in ((subject, target), (target, subject)) for pair in keys)
    tables = {table for table, _ in keys} - {subject, target}
    return direct + sum(keys.count((table, subject)) * keys.count((table, target)) for table in tables)


def _may_be_verb(profile: DatabaseProfile, word: str) -> bool:
    """Whether `word` can be a verb relating two tables: a word, not a filler or operation word, naming no table,
    column or one-word stored value in any of its forms."""
    if not word.isalpha() or len(word) < 3 or word in FILLER or stem(word) in _OPERATIONS:
        return False
    forms = {stem(word), stem(IRREGULAR_BASE.get(word, word))}
    for table in profile.tables.values():
        if forms & {stem(w) for w in name_words(table.name)}:
            return False
        if any(forms & {stem(w) for w in name_words(column.name)} for column in table.columns):
            return False
    return not any(text.isalpha() and stem(text) in forms for text in profile.values)  # keys are lower-case


def _keys(profile: DatabaseProfile) -> set[tuple[str, str]]:
    return {(_bare(fk.table), _bare(fk.target_table)) for fk in profile.foreign_keys}


def _relates(profile: DatabaseProfile, candidate: Candidate, subject: str, target: str) -> bool:
    """Whether `candidate` relates `subject` rows to `target` rows by a key between them or through a table with
    keys to both: among its joins, or in an `IN` subquery over the rows that refer to the subject."""
    joined = {(_bare(fk.table), _bare(fk.target_table)) for fk in candidate.joins}
    if (subject, target) in joined or (target, subject) in joined:
        return True
    if any((link, subject) in joined and (link, target) in joined for link, _ in joined):
        return True
    keys = _keys(profile)
    for query in _subqueries(candidate):
        source = query.args.get("from_")
        table = source.find(exp.Table) if source is not None else None
        if table is None or (_bare(table.name), subject) not in keys:
            continue
        referring = _bare(table.name)
        reached = {_bare(t.name) for t in query.find_all(exp.Table)}
        if referring == target or (target in reached and (referring, target) in keys):
            return True
    return False


def _subqueries(candidate: Candidate) -> list[exp.Select]:
    """The SELECTs that `IN (...)` conditions of `candidate` range over (negated ones too)."""
    found = []
    for condition in candidate.where:
        for member in condition.find_all(exp.In):
            query = member.args.get("query")
            if isinstance(query, exp.Subquery):
                query = query.this
            if isinstance(query, exp.Select):
                found.append(query)
    return found
