"""Matching a question to curated query tools and tables by embedding similarity."""

import asyncio
import re
from dataclasses import dataclass

import numpy as np

from agents.mcp_client import ToolSpec
from tools.embeddings import Embedder
from tools.sql.curated import MENTIONS_META_KEY

DEFAULT_MIN_SIMILARITY = 0.6  # question vs. a curated query's description or example phrasing


@dataclass(frozen=True, slots=True)
class Match:
    name: str
    score: float


class CuratedMatcher:
    """Ranks curated query tools against a question; phrasings are embedded once, on first use."""

    def __init__(self, embedder: Embedder, tools: list[ToolSpec]) -> None:
        self._embedder = embedder
        self._names: list[str] = []
        self._phrases: list[str] = []
        for tool in tools:
            examples = [str(e) for e in tool.meta.get("examples", [])]
            description = tool.description.split(" Examples:")[0]
            for phrase in [description, *examples]:
                self._names.append(tool.name)
                self._phrases.append(phrase)
        self._vectors: np.ndarray | None = None
        self._lock = asyncio.Lock()

    async def rank(self, question: str) -> list[Match]:
        """Curated tools by their best phrase similarity to `question`, best first."""
        if not self._phrases:
            return []
        async with self._lock:
            if self._vectors is None:
                self._vectors = await self._embedder.embed(self._phrases)
        query = (await self._embedder.embed([question]))[0]
        scores = self._vectors @ query
        best: dict[str, float] = {}
        for name, score in zip(self._names, scores, strict=True):
            best[name] = max(best.get(name, -1.0), float(score))
        return [Match(name, score) for name, score in sorted(best.items(), key=lambda item: -item[1])]


async def closest_tables(embedder: Embedder, question: str, tables: list[str], *, top: int = 3) -> list[str]:
    """The tables whose names are most similar to the question."""
    if not tables:
        return []
    vectors = await embedder.embed([question, *tables])
    scores = vectors[1:] @ vectors[0]
    return [tables[i] for i in np.argsort(-scores)[:top]]


_WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:['\u2019][A-Za-z]+)?")
_STOPWORDS = frozenset(
    """a about all an and any are as at be been by can could did do does for from get give had has have how i
    in is it its list me much many my of on or our please show tell than that the their there these this those
    to us was we were what when where which who whom whose why will with would you your each every per""".split()
)


_IRREGULAR = {"sold": "sell", "bought": "buy", "spent": "spend", "paid": "pay", "made": "make", "brought": "bring"}


def words(text: str) -> list[str]:
    """The words of `text`, contractions opened: "don't" is "do" and "not", "What's" is "What"."""
    found: list[str] = []
    for token in _WORD.findall(text):
        base, _, clitic = token.replace("\u2019", "'").partition("'")
        if clitic.lower() == "t" and base.lower().endswith("n"):
            found += [base[:-1] if base.lower() not in {"can", "won"} else base, "not"]
        else:
            found.append(base)
    return found


def stem(word: str) -> str:
    """A crude stem: irregular verbs mapped, one inflection (-ing, -ed, -s) and a final e dropped, six letters."""
    base = _IRREGULAR.get(word.lower(), word.lower())
    for suffix in ("ing", "ed", "s"):
        if base.endswith(suffix) and not base.endswith("ss") and len(base) - len(suffix) >= 3:
            base = base[: -len(suffix)]
            break
    if base.endswith("e") and len(base) > 3:
        base = base[:-1]  # "issue" and "issued", "sale" and "sales" share a stem
    return base[:6]


def content_stems(text: str) -> set[str]:
    """The stems of the words of `text` that carry meaning (no "the", "of", "to")."""
    return {stem(word) for word in words(text) if word.lower() not in _STOPWORDS}


def uncovered_terms(question: str, tool: ToolSpec) -> list[str]:
    """Content words of `question` that nothing in the tool's description, examples or parameters mentions.

    The words of the tool's `mentions` count as its own. Capitalised words and numbers are parameter values, not
    terms. A curated query answers only questions
    it covers: "which tracks were never bought" must not be answered by "top artists by tracks sold".
    """
    mentions = [str(entry).replace("|", " ") for entry in tool.meta.get(MENTIONS_META_KEY) or []]
    vocabulary_text = " ".join(
        [tool.description, *map(str, tool.meta.get("examples", [])), *mentions, str(tool.args_schema)]
    )
    vocabulary = {stem(word) for word in words(vocabulary_text)}
    terms = []
    for index, word in enumerate(words(question)):
        if word.lower() in _STOPWORDS or (word[0].isupper() and index > 0):
            continue
        if stem(word) not in vocabulary:
            terms.append(word)
    return terms
