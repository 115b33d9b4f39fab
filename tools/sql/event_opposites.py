"""The state before an event, said by the dictionary's opposite of the event's word: "tickets still open" over a
`closed_date` that some rows leave NULL reads as "still not closed" (tools/sql/pending_events.py: `IS NULL`).

An opposite is a direct antonym tools/thesaurus.py gives for the one word naming an event column ("open" of
"closed"), said as a state: after "still", "is", "are", "was", "were", "remains" or "remain". Refused: a word that is
itself a schema word or a word of a stored value (an `opened_date`, a status 'Open'), a word that two event columns'
opposites share, and a word after anything but those ("not open", "open to the public" are left unread).
"""

from tools.sql.pending_events import TIME_WORDS, is_event
from tools.sql.profile import DatabaseProfile, name_words
from tools.sql.wording import stem, tokens
from tools.thesaurus import Thesaurus

_STATE = frozenset("still is are was were remains remain".split())  # "still open", "are open": a state, no verb


class EventOpposites:
    """The opposites of one database's event words, learnt once; `rewrite` reads them in a question."""

    def __init__(self, profile: DatabaseProfile, schema_stems: set[str], thesaurus: Thesaurus | None) -> None:
        stored = {stem(word) for refs in profile.values.values() for ref in refs for word in tokens(ref.value)}
        found: dict[str, set[str]] = {}  # an opposite's stem -> the participles of the events it is the state before
        for table in profile.tables.values():
            for column in table.columns:
                words = [w for w in name_words(column.name) if w not in TIME_WORDS]
                if thesaurus is None or not is_event(column) or len(words) != 1:
                    continue
                word = words[0].lower()
                participle = word if word.endswith("ed") else word + ("d" if word.endswith("e") else "ed")
                for opposite in thesaurus.antonyms(word):
                    found.setdefault(stem(opposite), set()).add(participle)
        self._opposites = {
            opposite: next(iter(participles))
            for opposite, participles in found.items()
            if len(participles) == 1 and opposite not in schema_stems and opposite not in stored
        }

    def rewrite(self, words: list[str], fixed: set[int]) -> tuple[list[str], set[int]]:
        """`words` with each opposite said as a state replaced by "not" and the event's participle, and the
        positions fixed after it: those of `fixed`, moved, and the two new words."""
        out: list[str] = []
        moved: set[int] = set()
        for position, word in enumerate(words):
            before = words[position - 1] if position > 0 else ""
            participle = self._opposites.get(stem(word))
            if participle is None or position in fixed or before not in _STATE:
                moved |= {len(out)} if position in fixed else set()
                out.append(word)
            else:
                moved |= {len(out), len(out) + 1}
                out += ["not", participle]
        return out, moved
