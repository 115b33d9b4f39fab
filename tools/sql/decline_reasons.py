"""What a decline says the question left unaccounted: the user's own words, never the parser's (issue 15).

A reading of a reworded question (tools/sql/synonyms.py) can leave a word the rewording brought in, and a reading
that is no count leaves "many" of "how many" over; neither is a word the user can rephrase, so neither is named
while any word the user wrote is left to name.
"""

from tools.sql.wording import tokens

_COUNT_LEAD = ("how", "many")


def unaccounted(written: str, uncovered: tuple[str, ...]) -> str:
    """The phrase "no reading accounts for ..." for the words `uncovered` by the nearest reading of `written`."""
    said = tokens(written)
    phrases = set(said) | {" ".join(said[i : i + n]) for n in range(2, 7) for i in range(len(said) - n + 1)}
    counted = any(tuple(said[i : i + 2]) == _COUNT_LEAD for i in range(len(said) - 1))
    named = [word for word in uncovered if word in phrases and not (counted and word == "many")]
    return "no reading accounts for " + ", ".join(repr(word) for word in named or uncovered)
