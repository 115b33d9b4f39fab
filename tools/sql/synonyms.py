"""Question words read as the schema's own names when MiniLM finds them close: "stores" as `shop`, "zip code" as
`zip_postcode`. Only words no table or column already names, and only at a high similarity: a rewritten word must
still be accounted for like any other, so a loose synonym leads to a decline, not to a different question."""

import asyncio

import numpy as np

from tools.embeddings import Embedder
from tools.sql.profile import DatabaseProfile, name_words
from tools.sql.wording import FILLER_STEMS, OPERATION_STEMS, stem

MIN_SIMILARITY = 0.66
MAX_WORDS = 2  # question phrases of one or two words
_OPERATIONS = set().union(*OPERATION_STEMS.values())
# they ask, or join two values, and name nothing
_QUESTION_WORDS = frozenset("where when who whom whose what which why how or".split())


class SchemaSynonyms:
    """Embeds the schema's names once; rewrites question phrases that mean one of them."""

    def __init__(self, embedder: Embedder, profile: DatabaseProfile) -> None:
        self._embedder = embedder
        names = {" ".join(name_words(t.name)) for t in profile.tables.values()}
        names |= {" ".join(name_words(c.name)) for t in profile.tables.values() for c in t.columns}
        self._names = sorted(names)
        self._stems = {stem(w) for name in self._names for w in name.split()}
        self._vectors: np.ndarray | None = None
        self._lock = asyncio.Lock()

    async def rewrite(self, words: list[str], fixed: set[int]) -> list[str]:
        """`words` with phrases that mean a schema name replaced by it; positions in `fixed` stay as they are."""
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

    def _candidate(self, words: list[str], start: int, end: int, fixed: set[int]) -> bool:
        """A phrase of content words, none fixed, none already a schema word or an operation word."""
        if fixed & set(range(start, end)):
            return False
        stems = [stem(w) for w in words[start:end]]
        if any(
            s in FILLER_STEMS or s in _OPERATIONS or w in _QUESTION_WORDS or w.isdigit()
            for s, w in zip(stems, words[start:end], strict=True)
        ):
            return False
        return not any(s in self._stems for s in stems)
