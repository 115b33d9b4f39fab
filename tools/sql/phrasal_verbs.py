"""Phrasal verbs said in the plain words a reading accounts for: "ended up cancelled" is "cancelled", "broken down
by channel" is "by channel", "racked up the most hours" is "total the most hours".

Three kinds, each read only in the frame that gives it that meaning:

- an outcome ("end up", "wind up", "turn out"), right before a value stored in the table of the rows it is said of
  (with "being", "as" or "to be" between): it says those rows came to hold that value, which the value's condition
  already reads, so it is dropped;
- a breakdown ("broken down / out / up by", "split (up) by", or "break down / out ..., split ..." opening the
  question), whose "by" groups by a column or table: it says what the grouping "by" says, so it is dropped and the
  "by" still asks for a grouping;
- an accumulation ("rack up", "run up", "add up to", "total up") before a superlative, a comparison or a number,
  or "add up" / "total up" opening the question: the measure after it is summed, so it is reworded as the verb
  "total" ("the most hours" of rows, in total).

The words keep their schema reading where they have one: a verb or particle whose stem names a table or column
(`ended_at`, a `turned_out` flag, a `split` table), a phrase with a stored value or number in it ("Break" as a
value is fixed), and "total" where the schema names a column `total` (the accumulation would name it) are left
alone, and so is every phrasal verb not listed here ("checked out", "signed up", "logged in", "ran out of" may be
conditions or name columns), so the question declines as before. "broke down" (the thing failed) is no breakdown:
only the participle right before "by", or the imperative, is.
"""

from tools.sql.profile import name_words
from tools.sql.question import Question, grouping_bys, subject_stems
from tools.sql.wording import NUMBER_WORDS, OPERATION_WORDS, respelled, stem, stems

# verb forms by the base form they are read from (a form or its base naming the schema keeps the words)
_OUTCOMES = {
    "end": ("end ends ended ending", "up"),
    "wind": ("wind winds wound winding", "up"),
    "turn": ("turn turns turned turning", "out"),
}
_RELATIVES = frozenset("that which who".split())  # "the reservations that ended up cancelled"
_BETWEEN_OUTCOME = (("being",), ("as",), ("to", "be"))  # "ended up being cancelled", "turned out to be lost"
_BREAKDOWN_PARTICIPLES = {"broken": ("down", "out", "up"), "split": ("up", "out", "")}
_BREAKDOWN_BASES = {"broken": "break"}
_BREAKDOWN_IMPERATIVES = {"break": ("down", "out", "up"), "split": ("up", "out", "")}
_PARTICLES = frozenset({"down", "out", "up"})
_OPENING = frozenset("please kindly can could would you now".split())  # "Could you break down ..."
_AUXILIARIES = frozenset("is are was were be been being get gets got".split())  # "were split by": done to the rows
_ACCUMULATIONS = {
    "rack": ("rack racks racked racking", ("up",)),
    "run": ("run runs ran running", ("up",)),
    "add": ("add adds added adding", ("up", "to")),
    "total": ("total totals totaled totalled totaling totalling", ("up",)),
}
_TOTAL = "total"
_OPENING_TOTALS = frozenset({("add", "up"), ("total", "up")})  # imperatives: what follows is what to sum
_DETERMINERS = frozenset("the a an".split())
_MEASURE_LEADS = frozenset().union(
    *(OPERATION_WORDS[k] for k in ("max", "min", "gt", "lt", "ge", "le")), {"more", "less", "most"}
)


def plain_phrasal_verbs(question: Question, fixed: set[int], schema_stems: set[str]) -> tuple[list[str], set[int]]:
    """The question's words with each phrasal verb of this module put in plain words, and the positions of `fixed`
    (values, numbers, dates: never reworded) in the new words."""
    words = question.words
    spans: dict[int, tuple[int, tuple[str, ...]]] = {}  # start -> (end, the words said instead)

    def free(start: int, end: int, *bases: str) -> bool:
        named = {stem(words[i]) for i in range(start, end)} | {stem(base) for base in bases}
        return not fixed & set(range(start, end)) and not named & schema_stems

    for base, (forms, particle) in _OUTCOMES.items():
        for at in _phrase_starts(words, forms.split(), (particle,)):
            end, held = at + 2, _states_of(question, at)
            if free(at, end, base) and any(end + len(gap) in held for gap in ((), *_gaps(words, end))):
                spans[at] = (end, ())
    bys = grouping_bys(question, schema_stems)
    for at, end in _breakdowns(words, bys):
        if free(at, end, _BREAKDOWN_BASES.get(words[at], words[at])):
            spans[at] = (end, ())
    if _TOTAL not in schema_stems:
        for base, (forms, particles) in _ACCUMULATIONS.items():
            for at in _phrase_starts(words, forms.split(), particles):
                end = at + 1 + len(particles)
                if free(at, end, base) and _before_measure(words, end):
                    spans[at] = (end, (_TOTAL,))
        at = _opening(words)
        if tuple(words[at : at + 2]) in _OPENING_TOTALS and free(at, at + 2):
            spans[at] = (at + 2, (_TOTAL,))  # "Add up the labor hours of ...", "Total up the cost by maker"
    return respelled(words, fixed, spans)


def _gaps(words: list[str], at: int) -> list[tuple[str, ...]]:
    return [gap for gap in _BETWEEN_OUTCOME if tuple(words[at : at + len(gap)]) == gap]


def _phrase_starts(words: list[str], forms: list[str], particles: tuple[str, ...]) -> list[int]:
    size = 1 + len(particles)
    return [
        at
        for at in range(len(words) - size + 1)
        if words[at] in forms and tuple(words[at + 1 : at + size]) == particles
    ]


def _breakdowns(words: list[str], bys: frozenset[int]) -> list[tuple[int, int]]:
    """The spans of breakdowns: a participle (and its particle) right before a grouping "by", not after an auxiliary;
    or an imperative (and its particle) opening the question, with a grouping "by" after it."""
    found = []
    for by in bys:
        for verb, particles in _BREAKDOWN_PARTICIPLES.items():
            for particle in particles:
                at = by - 1 - bool(particle)
                if at >= 0 and words[at:by] == [verb, *([particle] if particle else [])]:
                    if at == 0 or words[at - 1] not in _AUXILIARIES:
                        found.append((at, by))
    at = _opening(words)
    following = words[at + 1] if at + 1 < len(words) else ""
    for verb, particles in _BREAKDOWN_IMPERATIVES.items():
        if at >= len(words) or words[at] != verb or not any(by > at + 1 for by in bys):
            continue
        if following in particles:
            found.append((at, at + 2))
        elif "" in particles and following not in _PARTICLES:
            found.append((at, at + 1))  # "Split the reservations by channel"
    return found


def _opening(words: list[str]) -> int:
    """Where the question's verb stands when it opens with an imperative ("Could you break down ...")."""
    at = 0
    while at < len(words) and words[at] in _OPENING:
        at += 1
    return at


def _states_of(question: Question, at: int) -> frozenset[int]:
    """Where the stored values start that a table holds whose rows the outcome verb at `at` is said of: the
    question's subject ("how many reservations ... cancelled") or the noun before the verb or its "that" ("count
    the reservations that ended up cancelled"). An outcome says those rows came to hold the value, not a row they
    refer to or that refers to them ("which aircraft ended up cancelled", where repairs are cancelled, declines)."""
    words = question.words
    noun = at - 1 - (at > 1 and words[at - 1] in _RELATIVES)
    said = subject_stems(question) | ({stem(words[noun])} if noun >= 0 else set())
    return frozenset(
        value.start
        for value in question.values
        if any(said & stems(name_words(ref.table.rpartition(".")[2])) for ref in value.refs)
    )


def _before_measure(words: list[str], at: int) -> bool:
    """Whether a superlative, a comparison or a number follows `at` (past "the", "a"): "racked up the most hours",
    "add up to more than 100"."""
    while at < len(words) and words[at] in _DETERMINERS:
        at += 1
    if at >= len(words):
        return False
    word = words[at]
    return word in _MEASURE_LEADS or word in NUMBER_WORDS or word.replace(".", "", 1).isdigit()
