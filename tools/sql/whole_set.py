"""Words that name the whole data set or the business that holds it, not a condition on its rows: "in our fleet",
"on file", "in the collection", "across the chain", and "we" as the holder ("do we hold", "we operate").

Every reading is already over all the rows stored, so such a phrase adds nothing; the question reads as it would
without it. A phrase is read so only where nothing in the schema could make it a condition:

- its noun is one of a small closed class naming a holding as a whole (`HOLDING_NOUNS`), after a preposition of
  place and nothing or a determiner ("in our fleet", "in all the collection"; bare only "on file", "on record");
- the noun names no table or column and no stored value (a `collections` table, a `file_name` column, a department
  called Fleet keep it a word to read), and it is not a word of a stored value the question names;
- the phrase ends there: the next word is none, no "of" ("the collection of the Louvre" is whose), no number, no
  schema word and no stored value ("in the fleet hangar", "in the company Acme"). A run of such nouns is one phrase
  ("in the company database", "in the chain's network": the possessive is dropped with the question's words).

A noun after a value or an adjective ("in the Impressionist collection", "in the Midwest") is never read: it names a
part of the holding, a real condition. A verb of holding after "we" is read so only when its stem names no table,
column or stored value (a `stock` column, an `ownership` of 'owned' or 'leased', a status 'operating' make "do we
own", "we stock", "we operate" a condition), and not as a phrasal verb ("we ran out of").
"""

from collections.abc import Callable

from tools.sql.wording import stem

HOLDING_NOUNS = frozenset(
    """fleet fleets catalog catalogue catalogs catalogues collection collections database databases dataset datasets
    system systems file files record records books inventory roster portfolio registry register directory chain
    network company firm organisation organization business archive archives holdings""".split()
)
_BARE = frozenset("file files record records".split())  # "on file", "on record": no determiner in use
_BARE_PREPOSITION = "on"
_PREPOSITIONS = frozenset("in on across within throughout from at".split())
_DETERMINERS: tuple[tuple[str, ...], ...] = (
    ("all", "our"),
    ("all", "the"),
    ("the", "whole"),
    ("the", "entire"),
    ("our", "whole"),
    ("our", "entire"),
    ("our",),
    ("the",),
    ("this",),
    ("your",),
    ("all",),
)
_OF = "of"  # "the collection of the Louvre": whose collection, a condition

HOLDER = "we"
HOLDING_VERBS = frozenset(
    """have has had operate operates operated hold holds held own owns owned keep keeps kept carry carries carried
    stock stocks stocked run runs ran manage manages managed employ employs employed""".split()
)
_ADVERBS = frozenset("currently now presently".split())  # "we currently operate"
_PARTICLES = frozenset("out off up down back over away".split())  # "we ran out of", "we kept back": other verbs


def holding_positions(
    words: list[str], values: list[tuple[int, int]], schema_stems: set[str], stored: Callable[[str], bool]
) -> frozenset[int]:
    """Positions of `words` that name the whole holding: the phrases of `_phrases` and the verbs of `_verbs`.
    `values` are the spans (`start:end`) of stored values the question names; `schema_stems` the stems of table and
    column names; `stored(word)` whether a one-word stored value is that word or shares its stem."""
    taken = {i for start, end in values for i in range(start, end)}
    starts = {start for start, _ in values}

    def names_something(word: str) -> bool:
        return stem(word) in schema_stems or stored(word)

    return _phrases(words, taken, starts, names_something) | _verbs(words, taken, names_something)


def _phrases(
    words: list[str], taken: set[int], starts: set[int], names_something: Callable[[str], bool]
) -> frozenset[int]:
    found: set[int] = set()
    for at, word in enumerate(words):
        if word not in _PREPOSITIONS or at in taken:
            continue
        determiners = [d for d in _DETERMINERS if tuple(words[at + 1 : at + 1 + len(d)]) == d]
        determiner = len(determiners[0]) if determiners else 0
        noun = at + 1 + determiner
        end = noun
        while end < len(words) and words[end] in HOLDING_NOUNS:
            end += 1  # "the company database", "our fleet records"
        if end == noun or (not determiner and not (word == _BARE_PREPOSITION and words[noun] in _BARE)):
            continue
        span = range(at, end)
        if taken & set(span) or any(names_something(words[i]) for i in range(noun, end)):
            continue
        if end < len(words) and (
            words[end] == _OF or end in starts or words[end].isdigit() or names_something(words[end])
        ):
            continue
        found |= set(span)
    return frozenset(found)


def _verbs(words: list[str], taken: set[int], names_something: Callable[[str], bool]) -> frozenset[int]:
    found: set[int] = set()
    for at, word in enumerate(words):
        if word != HOLDER:
            continue
        verb = at + 2 if at + 2 < len(words) and words[at + 1] in _ADVERBS else at + 1
        if verb >= len(words) or words[verb] not in HOLDING_VERBS or verb in taken or names_something(words[verb]):
            continue
        if verb + 1 < len(words) and words[verb + 1] in _PARTICLES:
            continue
        found.add(verb)
    return frozenset(found)
