"""The English the schema-grounded parser reads: word stems, filler words, and the words that ask for an operation.

Nothing here names a table, column or value of any database: these are general words of business questions.
"""

import re

_TOKEN = re.compile(r"[a-z0-9]+")
_IRREGULAR = {
    "sold": "sell",
    "bought": "buy",
    "spent": "spend",
    "paid": "pay",
    "people": "person",
    "children": "child",
    "men": "man",
    "women": "woman",
    "describe": "description",  # "how is the course described": its description
    "described": "description",
    "lexicographical": "alphabetical",
    "lexicographically": "alphabetical",
    "reversed": "reverse",
}
FILLER = frozenset(
    """a about all also an and any are as at be been being both by can could did do does doing for from get give
    got had has have having here how i if in into is it its it's just kind know let like list me my of on our
    ours please return show tell than that the their them then there these they this those to us was we were what
    when which who whom whose will with would you your find display see want need currently ever
    overall altogether entire whole database catalogue catalog table data stored record exist existing listed
    along together corresponding respective given its his her one much based located across compute calculate
    determine identify provide now presently moment come comes came pair pairs""".split()
)
# "or" is not filler: "Brazil or Canada" is one column IN both values (tools/sql/filters.py), and an "or" no
# reading accounts for leaves the question unanswered rather than read as "and".
ALTERNATIVE = "or"
# "each", "per", "some" are not filler: a count does not answer "per genre", a full list is not "some".
OPERATION_WORDS: dict[str, frozenset[str]] = {
    "count": frozenset("how many number count counting counted".split()),
    "distinct": frozenset("different distinct unique".split()),
    "sum": frozenset("total sum sums combined amount".split()),
    "avg": frozenset("average mean avg".split()),
    "max": frozenset("maximum max highest largest biggest greatest most oldest latest top".split()),
    "min": frozenset("minimum min lowest smallest least fewest youngest earliest".split()),
    "group": frozenset("each per every by".split()),
    "not": frozenset("not no never without none".split()),
    "order": frozenset("order ordered sort sorted descending ascending alphabetical alphabetically reverse".split()),
    "gt": frozenset("more than over above greater exceeding larger bigger higher".split()),
    "lt": frozenset("less than under below fewer smaller lower".split()),
    "ge": frozenset("at least".split()),
    "le": frozenset("at most".split()),
    "year": frozenset("in during year".split()),
}
DESCENDING = frozenset(
    "most highest largest biggest greatest top oldest latest descending last recent recently newest".split()
)
TEMPORAL = frozenset("recent recently latest newest earliest".split())  # superlatives that order by a date
ASCENDING = frozenset("least fewest lowest smallest youngest earliest ascending alphabetical alphabetically".split())
REVERSE = "reverse"  # flips the order it qualifies: "reverse alphabetical order" is descending


NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_LINKING = frozenset("through into to with by from for at in".split())
_IRREGULAR_PAST = frozenset("went gone done got gotten taken given made run won held had".split())
_RELATING = frozenset("own owns belong belongs contain contains include includes".split())
_AUXILIARY = frozenset("do does did not never".split())  # "did not operate", "do not hire": the next word is a verb


def linking_stems(words: list[str]) -> frozenset[str]:
    """Words that say how two named things relate ("went through", "enrolled in", "treated", "did not hire"):
    past participles, verbs after an auxiliary, and prepositions. Only a candidate that links the two things
    accounts for them."""
    return frozenset(
        stem(w)
        for i, w in enumerate(words)
        if w in _LINKING
        or w in _IRREGULAR_PAST
        or w in _RELATING
        or (w.endswith("ed") and len(w) > 4)
        or (i > 0 and words[i - 1] in _AUXILIARY and w not in FILLER | _AUXILIARY)
    )


def tokens(text: str) -> list[str]:
    """Lower-case words and numbers; "AC/DC" is `ac dc`, "don't" is `don t` (the `t` is dropped as filler)."""
    return [token for token in _TOKEN.findall(text.lower().replace("n't", " not").replace("'s", ""))]


def stem(word: str) -> str:
    """A crude stem shared by questions and schema names: `Invoices`, `invoiced` and `invoice` agree."""
    word = _IRREGULAR.get(word, word)
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    for suffix in ("ing", "ed", "s"):
        if word.endswith(suffix) and not word.endswith("ss") and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def stems(words: list[str]) -> set[str]:
    return {stem(word) for word in words}


OPERATION_STEMS = {operation: stems(sorted(words)) for operation, words in OPERATION_WORDS.items()}
FILLER_STEMS = stems(sorted(FILLER))
