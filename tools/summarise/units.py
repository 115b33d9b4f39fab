"""What a summary is made of: sources (documents or passages of them) and their sentence-sized units."""

import re
from dataclasses import dataclass

from tools.sentences import evidence_sentences

# MiniLM reads at most 256 word pieces: a longer "sentence" (a table, a transcript without punctuation) is cut
# into windows of this many words, so no part of the input goes unread.
MAX_UNIT_WORDS = 120
_WORD = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class Source:
    """Text to summarise: a whole document, or a passage of one starting at `offset` in that document."""

    doc_id: str
    title: str
    text: str
    offset: int = 0


@dataclass(frozen=True, slots=True)
class Unit:
    """A sentence (or a window of a long one) of source number `source`: characters [start, end) of its text."""

    source: int
    start: int
    end: int
    words: int
    position: float
    """Where the unit sits in its source, 0 (start) to 1 (end)."""
    index: int = 0
    """Its number in its source, from 0."""
    of: int = 1
    """How many units its source has."""


def units_of(sources: list[Source]) -> list[Unit]:
    """The units of every source, in order."""
    units: list[Unit] = []
    for index, source in enumerate(sources):
        size = max(1, len(source.text))
        windows = [
            window for span in evidence_sentences(source.text) for window in _windows(source.text, span.start, span.end)
        ]
        units.extend(
            Unit(index, start, end, words, start / size, number, len(windows))
            for number, (start, end, words) in enumerate(windows)
        )
    return units


def _windows(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    words = [(m.start(), m.end()) for m in _WORD.finditer(text, start, end)]
    if len(words) <= MAX_UNIT_WORDS:
        return [(start, end, len(words))]
    return [
        (
            words[first][0],
            words[min(first + MAX_UNIT_WORDS, len(words)) - 1][1],
            len(words[first : first + MAX_UNIT_WORDS]),
        )
        for first in range(0, len(words), MAX_UNIT_WORDS)
    ]
