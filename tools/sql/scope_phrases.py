"""Phrases that say the question covers every row, not that it groups them: "how much has been spent on travel in
total, across every grant?" is one total, though "every grant" alone would ask for a figure per grant; so are
"across all projects", "throughout all our stores".

A scope phrase is "across" or "throughout", then "all" or "every", an optional determiner ("the", "our", "their",
"its"), and one or two words that end a clause (a punctuation mark or the end of the question follows them), none
of them part of a stored value. Such a phrase carries no query meaning: it asks for no grouping and names no
condition. "across each region" is left alone (it is said for "per region" too), and so is a phrase that goes on
("across all the branches in Chatham" names the branches a condition is about).
"""

import re

from tools.sql.wording import tokens

_SCOPE = re.compile(
    r"\b(?:across|throughout)\s+(?:all|every)\s+(?:(?:the|our|their|its)\s+)?[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*)?"
    r"(?=\s*(?:[?.,;:!]|$))",
    re.IGNORECASE,
)


def scope_positions(text: str, words: list[str], values: list[tuple[int, int]]) -> frozenset[int]:
    """Positions of `words` (the tokens of `text`) inside scope phrases (see the module docstring), none of them
    inside a stored value's span of `values`."""
    taken = {i for start, end in values for i in range(start, end)}
    found: set[int] = set()
    for match in _SCOPE.finditer(text):
        phrase = tokens(match.group(0))
        for start in range(len(words) - len(phrase) + 1):
            span = range(start, start + len(phrase))
            if words[start : start + len(phrase)] == phrase and not taken & set(span):
                found |= set(span)
    return frozenset(found)
