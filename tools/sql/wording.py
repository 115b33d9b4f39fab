"""The English the schema-grounded parser reads: word stems, filler words, and the words that ask for an operation.

Nothing here names a table, column or value of any database: these are general words of business questions.
"""

import re

_TOKEN = re.compile(r"\d+\.\d+|[a-z0-9]+")  # "0.99" is one number, not 0 and 99
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
    determine identify provide now presently moment come comes came pair pairs kindly wondering""".split()
)
# Phrases whose words carry no meaning together though one may alone: "all told", "so far" ask over all the rows
# stored, which every reading already is ("so" and "far" alone may not be filler: "how far"). "not even one"
# needs no phrase: the word after "not" is already read as the relation's verb (`linking_stems`).
FILLER_PHRASES: tuple[tuple[str, ...], ...] = (("all", "told"), ("so", "far"))
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
    "not": frozenset("not no never without none nobody".split()),  # "nobody" is "no one"
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
# Irregular forms of English verbs, to tell whether a verb names a schema word or a value in another form
# ("taught" and a `teacher_id` column, "sold" and a status "Sell"): grammar, not any domain's vocabulary.
IRREGULAR_BASE = {
    "took": "take",
    "taken": "take",
    "taught": "teach",
    "sold": "sell",
    "bought": "buy",
    "brought": "bring",
    "caught": "catch",
    "thought": "think",
    "sought": "seek",
    "fought": "fight",
    "held": "hold",
    "kept": "keep",
    "led": "lead",
    "left": "leave",
    "lent": "lend",
    "sent": "send",
    "spent": "spend",
    "built": "build",
    "made": "make",
    "paid": "pay",
    "won": "win",
    "wrote": "write",
    "written": "write",
    "drove": "drive",
    "driven": "drive",
    "gave": "give",
    "given": "give",
    "saw": "see",
    "seen": "see",
    "ran": "run",
    "met": "meet",
    "read": "read",
    "found": "find",
    "told": "tell",
    "grew": "grow",
    "grown": "grow",
    "flew": "fly",
    "flown": "fly",
    "chose": "choose",
    "chosen": "choose",
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


_PARTICIPLES = frozenset(
    """written wrote sung sang drawn drew driven drove taken took given gave made built sold bought sent spent
    held led won lost found kept left paid shown grown known chosen spoken stolen broken begun seen done gone
    composed""".split()
)
# function-like words that a stored one-word value may coincide with ("the latest", a track called Latest)
_FUNCTION_LIKE = DESCENDING | ASCENDING | TEMPORAL | frozenset("first last new old next previous".split())


def participle_stems(words: list[str]) -> frozenset[str]:
    """The stems of irregular past forms ("written", "wrote", "seen"): a verb relating two things, which only a
    reading that names the table of the relation accounts for ("doctors who have written prescriptions")."""
    return frozenset(stem(w) for w in words if w in _PARTICIPLES)


def verb_like(word: str) -> bool:
    """Whether `word` reads as a verb form or a function word rather than a name: "released", "recording",
    "written", "latest". Such a word coincides with a stored value ("Release", a track called Written) far more
    often than it names one."""
    return (
        word in _PARTICIPLES
        or word in _FUNCTION_LIKE
        or (word.endswith("ed") and len(word) > 4)
        or (word.endswith("ing") and len(word) > 5)
    )


def tokens(text: str) -> list[str]:
    """Lower-case words and numbers; "AC/DC" is `ac dc`, "don't" is `don t` (the `t` is dropped as filler)."""
    return [token for token in _TOKEN.findall(text.lower().replace("n't", " not").replace("'s", ""))]


_CASED_TOKEN = re.compile(r"\d+\.\d+|[A-Za-z0-9]+")
# "..." and '...' as typed, and the curly quotes word processors put in their place
_QUOTED = re.compile(
    r"\"([^\"]+)\"|\u201c([^\u201d]+)\u201d|\u2018([^\u2019]+)\u2019|(?<![A-Za-z])'([^']+)'(?![A-Za-z])"
)


def written_tokens(text: str) -> list[str]:
    """The words of `tokens(text)` as written (case kept), or none when casing changes how the text splits."""
    found = _CASED_TOKEN.findall(re.sub("n't", " not", text, flags=re.IGNORECASE).replace("'s", "").replace("'S", ""))
    return found if [t.lower() for t in found] == tokens(text) else []


def quoted_phrases(text: str) -> list[str]:
    """What the question puts in quotes, in order, as written."""
    return [part for match in _QUOTED.finditer(text) for part in match.groups() if part]


def quoted_words(text: str) -> frozenset[str]:
    """The words the question puts in quotes (the track "Released"): named as written, whatever they are."""
    parts = (part for match in _QUOTED.finditer(text) for part in match.groups() if part)
    return frozenset(word for part in parts for word in tokens(part))


def filler_positions(words: list[str]) -> frozenset[int]:
    """The positions of `words` that a `FILLER_PHRASES` phrase makes filler ("so far", not "far" alone)."""
    found: set[int] = set()
    for phrase in FILLER_PHRASES:
        for start in range(len(words) - len(phrase) + 1):
            if tuple(words[start : start + len(phrase)]) == phrase:
                found |= set(range(start, start + len(phrase)))
    return frozenset(found)


def stem(word: str) -> str:
    """A crude stem shared by questions and schema names: `Invoices`, `invoiced` and `invoice` agree."""
    word = _IRREGULAR.get(word, word)
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) >= 4:
        word = word[:-1]  # a plural first: `bookings` and `booking` must agree, as `invoices` and `invoice` do
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def stems(words: list[str]) -> set[str]:
    return {stem(word) for word in words}


OPERATION_STEMS = {operation: stems(sorted(words)) for operation, words in OPERATION_WORDS.items()}
FILLER_STEMS = stems(sorted(FILLER))


Spans = dict[int, tuple[int, tuple[str, ...]]]  # start -> (end, the words said there instead)


def respelled(words: list[str], fixed: set[int], spans: Spans, fix_said: bool = False) -> tuple[list[str], set[int]]:
    """`words` with each span `start:end` of `spans` replaced by its words, and the positions of `fixed` outside
    the spans moved to where those words now stand (a fixed position inside a span is dropped with it); with
    `fix_said`, the positions of the words said instead are fixed too (a schema name the synonyms put there)."""
    if not spans:
        return words, fixed
    out: list[str] = []
    moved: dict[int, int] = {}
    said_at: set[int] = set()
    position = 0
    while position < len(words):
        if position in spans:
            end, said = spans[position]
            said_at |= set(range(len(out), len(out) + len(said)))
            out += said
            position = end
        else:
            moved[position] = len(out)
            out.append(words[position])
            position += 1
    return out, {moved[p] for p in fixed if p in moved} | (said_at if fix_said else set())
