"""A word glossed in parentheses by a schema name, or glossing one (issue 15): "the average bitterness (IBU)" and
"the average IBU (bitterness)" both ask for the `IBU` column, so the gloss is dropped before the question is read.

Only a parenthesis right after a word, holding one to three words, and only when one side is all schema words and
the other (one or two words) names nothing: no schema word, stored value, number, operation or negation ("orders
(not shipped)" and "customers (Brazil)" are conditions, not glosses). Anything else is left as written, for the
every-word rule to judge.
"""

import re
from collections.abc import Container

from tools.sql.wording import FILLER, OPERATION_STEMS, stem, tokens

_GLOSSED = re.compile(r"(?P<before>(?:[A-Za-z][\w'-]*\s+)?[A-Za-z][\w'-]*)\s*\((?P<inside>[^()]{1,60})\)")
MAX_INSIDE = 3
MAX_GLOSS = 2
# words that ask for something: an operation ("total", "most"), a negation or an exception is never a gloss
_ASKING = set().union(*OPERATION_STEMS.values()) | {stem(w) for w in "not no never without except excluding".split()}


def without_glosses(text: str, schema_stems: set[str], values: Container[tuple[str, ...]]) -> str:
    """`text` with each gloss of a schema name dropped, the name kept where it was written."""

    def named(words: list[str]) -> bool:
        return bool(words) and all(stem(w) in schema_stems for w in words)

    def unknown(words: list[str]) -> bool:
        """Plain content words that name nothing the database holds and ask for nothing ("not shipped" does)."""
        return 0 < len(words) <= MAX_GLOSS and all(
            w.isalpha()
            and stem(w) not in schema_stems
            and stem(w) not in _ASKING
            and w not in FILLER
            and (w,) not in values
            for w in words
        )

    def replace(match: re.Match[str]) -> str:
        before, inside = match["before"], match["inside"]
        said, glossed = tokens(before), tokens(inside)
        if not glossed or len(glossed) > MAX_INSIDE:
            return match[0]
        if named(glossed) and unknown(said[-1:]):
            # the last word before the parenthesis is the gloss ("bitterness (IBU)"); a word before it stays
            return " ".join([*before.split()[:-1], inside.strip()])
        if named(said[-1:]) and unknown(glossed):
            return before
        return match[0]

    return _GLOSSED.sub(replace, text)
