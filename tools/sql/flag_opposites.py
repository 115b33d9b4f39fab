"""Words that say the opposite of a yes/no flag's word, read as "not" and that word: "failed" of `passed_flag`,
"unpaid" of `paid_flag`, "inactive" of `is_active`, "non smoking" of `smoking_yn` (tools/sql/flags.py then reads
`flag = <false code>`, only where no row lacks a value).

An opposite is the flag's word after "un", "in" or "non" ("unverified", "nonsmoking", "non smoking"), or a direct
antonym the dictionary gives for the flag's own word in the commonest of its senses that has one (tools/thesaurus.py:
"fail" of "passed", never "passive" of "active"), said as an adjective or participle ("failed", not "fail"; "closed",
not "close to"). Refused: a word that is itself a schema word or a word of a stored value (a status 'Failed' is read
as that value), a word two flags' opposites share, a word after a negation ("not unpaid" is left unread), a flag of
several words, and a flag whose values do not say which code is false.
"""

from tools.sql.flags import describes, flag_codes, flag_words
from tools.sql.profile import DatabaseProfile
from tools.sql.wording import OPERATION_WORDS, stem, tokens
from tools.thesaurus import Thesaurus

NEGATIVE_PREFIXES = ("un", "in", "non")
_NEGATIONS = OPERATION_WORDS["not"] | {"non", "neither", "nor"}
_SHORTEST = 4  # letters after a prefix: "in" + "form" is no negation of a flag `form`


class FlagOpposites:
    """The opposites of one database's one-word flags, learnt once; `rewrite` reads them in a question."""

    def __init__(self, profile: DatabaseProfile, schema_stems: set[str], thesaurus: Thesaurus | None) -> None:
        stored = {stem(word) for refs in profile.values.values() for ref in refs for word in tokens(ref.value)}
        found: dict[str, set[str]] = {}  # an opposite's stem -> the flag words it negates
        self._flags: set[str] = set()  # stems of the flags' own words, for "non smoking"
        for table in profile.tables.values():
            for column in table.columns:
                values = profile.column_values.get((table.name.lower(), column.name.lower()))
                words, _ = flag_words(table, column, values)
                if len(words) != 1 or flag_codes(column, values) is None:
                    continue
                word = words[0].lower()
                self._flags.add(stem(word))
                opposites = {prefix + word for prefix in NEGATIVE_PREFIXES}
                if thesaurus is not None:
                    opposites |= thesaurus.antonyms(word)
                for opposite in opposites:
                    found.setdefault(stem(opposite), set()).add(word)
        self._opposites = {
            opposite: next(iter(words))
            for opposite, words in found.items()
            if len(words) == 1 and opposite not in schema_stems and opposite not in stored
        }

    def rewrite(self, words: list[str], fixed: set[int]) -> tuple[list[str], set[int]]:
        """`words` with each opposite of a flag's word replaced by "not" and that word, and the positions fixed
        after it: those of `fixed`, moved, and the two new words (no synonym may rewrite them)."""
        out: list[str] = []
        moved: set[int] = set()
        for position, word in enumerate(words):
            after_negation = position > 0 and words[position - 1] in _NEGATIONS
            flag = None if position in fixed or after_negation else self._flag_of(word, words, position)
            if flag is None:
                moved |= {len(out)} if position in fixed else set()
                out.append(word)
            elif word == "non":
                moved.add(len(out))
                out.append("not")  # "non smoking": the flag's own word follows
            else:
                moved |= {len(out), len(out) + 1}
                out += ["not", flag]
        return out, moved

    def _flag_of(self, word: str, words: list[str], position: int) -> str | None:
        """The flag word `word` negates at `position`, or None; "non" negates the flag word right after it."""
        if word == "non":
            following = words[position + 1] if position + 1 < len(words) else ""
            return following if stem(following) in self._flags else None
        flag = self._opposites.get(stem(word))
        if flag is None or not (describes(word) or _prefixed(word, flag)):
            return None  # "close to the station" is no opposite of `is_open`; "closed" is
        return flag


def _prefixed(word: str, flag: str) -> bool:
    """Whether `word` is `flag`'s word after a negative prefix ("unpaid" of "paid", "inactive" of "active")."""
    return any(
        word.startswith(prefix) and len(word) - len(prefix) >= _SHORTEST and stem(word[len(prefix) :]) == stem(flag)
        for prefix in NEGATIVE_PREFIXES
    )
