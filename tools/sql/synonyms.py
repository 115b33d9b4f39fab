"""Question words read as the schema's own names: "clients" as `customer` and "shelves" as `shelf` when the dictionary
(tools/thesaurus.py) says so, "stores" as `shop` and "zip code" as `zip_postcode` when MiniLM finds them close.

Only words no table or column already names. The dictionary reads a word as a name when one of the word's commonest
senses is one of the name's commonest senses too, and only one name is read so; MiniLM only at a high similarity. A
rewritten word must still be accounted for like any other, so a loose synonym leads to a decline, not to a different
question."""

import asyncio

import numpy as np

from tools.embeddings import Embedder
from tools.sql.extremes import EXTREME_WORDS
from tools.sql.profile import DatabaseProfile, name_words
from tools.sql.wording import FILLER_STEMS, OPERATION_STEMS, respelled, stem
from tools.thesaurus import Thesaurus

MIN_SIMILARITY = 0.66
COMMON_SENSES = 3  # a word's senses past its third are rare readings ("machine" for a car, "guest" for a client)
MAX_WORDS = 2  # question phrases of one or two words
_OPERATIONS = set().union(*OPERATION_STEMS.values())
# they ask, or join two values, and name nothing
_QUESTION_WORDS = frozenset("where when who whom whose what which why how or".split())


class SchemaSynonyms:
    """Embeds the schema's names once; rewrites question phrases that mean one of them."""

    def __init__(self, embedder: Embedder, profile: DatabaseProfile, thesaurus: Thesaurus | None = None) -> None:
        self._embedder, self._thesaurus = embedder, thesaurus
        names = {" ".join(name_words(t.name)) for t in profile.tables.values()}
        names |= {" ".join(name_words(c.name)) for t in profile.tables.values() for c in t.columns}
        self._names = sorted(names)
        self._stems = {stem(w) for name in self._names for w in name.split()}
        self._words = set(self._names) | {w for name in self._names for w in name.split()}  # what a sense may name
        self._vectors: np.ndarray | None = None
        self._lock = asyncio.Lock()

    async def rewrite(self, words: list[str], fixed: set[int]) -> list[str]:
        """`words` with phrases that mean a schema name replaced by it; positions in `fixed` stay as they are."""
        replaced: list[tuple[int, int, list[str]]] = []  # (start, end, the name's words), left to right
        position = 0
        while position < len(words):
            for end in range(min(len(words), position + MAX_WORDS), position, -1):  # the longest phrase first
                if self._candidate(words, position, end, fixed, some_new=True) and (
                    name := self._dictionary_name(words[position:end])
                ):
                    replaced.append((position, end, name.split()))
                    position = end
                    break
            else:
                position += 1
        if replaced:
            spans = {start: (end, tuple(name)) for start, end, name in replaced}
            words, fixed = respelled(words, fixed, spans, fix_said=True)
        phrases = [
            (start, end)
            for start in range(len(words))
            for end in range(start + 1, min(len(words), start + MAX_WORDS) + 1)
            if self._candidate(words, start, end, fixed)
        ]
        if not phrases or not self._names:
            return words
        async with self._lock:
            if self._vectors is None:
                self._vectors = await self._embedder.embed(self._names)
        vectors = await self._embedder.embed([" ".join(words[s:e]) for s, e in phrases])
        scores = vectors @ self._vectors.T
        best = sorted(((float(scores[i].max()), i) for i in range(len(phrases))), reverse=True)
        rewritten: dict[int, list[str]] = {}
        taken: set[int] = set()
        for score, i in best:
            start, end = phrases[i]
            if score < MIN_SIMILARITY or taken & set(range(start, end)):
                continue
            taken |= set(range(start, end))
            rewritten[start] = self._names[int(scores[i].argmax())].split()
            for position in range(start + 1, end):
                rewritten[position] = []
        return [w for position, word in enumerate(words) for w in rewritten.get(position, [word])]

    def _dictionary_name(self, phrase: list[str]) -> str | None:
        """The schema name the dictionary reads `phrase` as: its own noun ("shelves": `shelf`), or the one name that
        shares a common sense with it ("clients": `customer`); None when there is none, or more than one."""
        if self._thesaurus is None or (base := self._thesaurus.base(" ".join(phrase))) is None:
            return None
        if all(stem(word) in self._stems for word in base.split()):
            return base
        senses = self._thesaurus.senses(base)[:COMMON_SENSES]
        names = {
            name
            for sense in senses
            for name in sense & self._words
            if sense in self._thesaurus.senses(name)[:COMMON_SENSES]
        }
        return names.pop() if len(names) == 1 else None

    def _candidate(self, words: list[str], start: int, end: int, fixed: set[int], some_new: bool = False) -> bool:
        """A phrase of content words, none fixed, none already a schema word or an operation word; with `some_new`,
        one schema word may be part of it ("family name" for `last_name`), though not every word."""
        if fixed & set(range(start, end)):
            return False
        stems = [stem(w) for w in words[start:end]]
        if any(
            s in FILLER_STEMS or s in _OPERATIONS or w in _QUESTION_WORDS or w in EXTREME_WORDS or w.isdigit()
            for s, w in zip(stems, words[start:end], strict=True)
        ):
            return False
        known = [s in self._stems for s in stems]
        return not all(known) if some_new else not any(known)
