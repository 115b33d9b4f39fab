"""Words that carry no query meaning in their place, though the same word elsewhere may: an emphatic "single" ("not a
single claim", "the single largest amount"), a pronoun standing for no one in particular ("the largest amount anyone
has claimed"), words that only say a stored state holds now ("policies active right now", "still pending"), and
"times" where a count asks for the occasions ("how many times", "the most times").

Each is empty only where the words around it show it is: "single" on its own may be a stored value (a marital
status), "still" may be one (a still wine), and "right now", "still" or "actually" away from a stored value may
stand for a condition no reading expresses ("members who still have a plan" may mean a plan not yet ended), so
those are left for a reading to account for, and the question declines. Words that are filler everywhere ("kindly",
"so far") are tools/sql/wording.py's.
"""

from tools.sql.wording import ASCENDING, DESCENDING, FILLER, OPERATION_WORDS, verb_like

EMPHATIC = "single"
# "a single claim" is one claim unless a negation says none ("has not had a single claim", "without a single
# claim"); "any single claim" is any claim
_NEGATED_BEFORE = frozenset({"a", "one"})
_ALWAYS_BEFORE = frozenset({"any"})
_NEGATIONS = OPERATION_WORDS["not"]
_SUPERLATIVES = DESCENDING | ASCENDING | OPERATION_WORDS["max"] | OPERATION_WORDS["min"] | {"least"}

_PRONOUNS = frozenset("anyone anybody someone somebody".split())
# after a filler word the pronoun starts a question about itself ("has anyone claimed", "is there anyone") or is an
# object ("by anyone"): there it stands for people a reading must find. "that" may stand between ("the largest
# amount that anyone has claimed").
_RELATIVE = "that"
_AUXILIARIES = frozenset("has have had did does do ever will would can could was were is".split())

# phrases that say a state holds now, next to the stored value that names the state ("currently", "at the moment"
# are filler words everywhere)
_NOW_PHRASES: tuple[tuple[str, ...], ...] = (
    ("right", "now"),
    ("at", "present"),
    ("still",),
    ("actually",),
)
_BETWEEN = frozenset("is are was were be being remain remains".split())  # "still are active", "active is now"

# "how many times", "the most times", "the number of times": occasions are the rows counted, which the count
# already says; "three times the price" is arithmetic, and is left for a reading to account for
_TIMES = "times"
_COUNTING_BEFORE_TIMES = frozenset({"many", "most", "fewest", "least"})


def emphatic_singles(words: list[str], quoted: frozenset[str] = frozenset()) -> frozenset[int]:
    """Positions of a "single" that only stresses: before a superlative ("the single largest"), after "any", or
    after "a" or "one" with a negation before it ("has not had a single claim")."""
    return frozenset(i for i, counting in _singles(words, quoted).items() if not counting)


def unvalued_singles(words: list[str], quoted: frozenset[str] = frozenset()) -> frozenset[int]:
    """Positions of a "single" that is no stored value (a marital status) unless quoted: the emphatic ones, and
    "a single claim" with no negation, which asks for exactly one claim and so is left for a reading to account
    for."""
    return frozenset(_singles(words, quoted))


def _singles(words: list[str], quoted: frozenset[str]) -> dict[int, bool]:
    """The positions of a "single" read as a word of quantity, each with whether it counts ("a single claim")
    rather than stresses."""
    if EMPHATIC in quoted:
        return {}
    found: dict[int, bool] = {}
    for index, word in enumerate(words):
        if word != EMPHATIC:
            continue
        previous = words[index - 1] if index else ""
        following = words[index + 1] if index + 1 < len(words) else ""
        if following in _SUPERLATIVES or previous in _ALWAYS_BEFORE:
            found[index] = False
        elif previous in _NEGATED_BEFORE:
            found[index] = not any(w in _NEGATIONS for w in words[:index])
    return found


def empty_positions(
    words: list[str], values: list[tuple[int, int]], quoted: frozenset[str] = frozenset()
) -> frozenset[int]:
    """Positions of `words` that carry no query meaning where they stand: `emphatic_singles`, "anyone" and the like
    as the subject of a verb after a content word ("the most anyone has paid"), and `_NOW_PHRASES` right before or
    after one of the stored values at `values` (spans `start:end`), a linking verb allowed between."""
    found = set(emphatic_singles(words, quoted))
    taken = {i for start, end in values for i in range(start, end)}
    for index, word in enumerate(words):
        if word not in _PRONOUNS or index in taken or index == 0 or index + 1 >= len(words):
            continue
        previous = words[index - 2] if words[index - 1] == _RELATIVE and index > 1 else words[index - 1]
        following = words[index + 1]
        if previous not in FILLER and (following in _AUXILIARIES or verb_like(following)):
            found.add(index)
    for index, word in enumerate(words):
        previous = words[index - 1] if index else ""
        if (
            word == _TIMES
            and index not in taken
            and (previous in _COUNTING_BEFORE_TIMES or words[max(0, index - 2) : index] == ["number", "of"])
        ):
            found.add(index)
    starts = {start for start, _ in values}
    ends = {end for _, end in values}
    for phrase in _NOW_PHRASES:
        for start in range(len(words) - len(phrase) + 1):
            end = start + len(phrase)
            if tuple(words[start:end]) != phrase or taken & set(range(start, end)):
                continue
            after = end + 1 if end < len(words) and words[end] in _BETWEEN else end
            before = start - 1 if start > 0 and words[start - 1] in _BETWEEN else start
            if end in starts or after in starts or start in ends or before in ends:
                found |= set(range(start, end))
    return frozenset(found)
