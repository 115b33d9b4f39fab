"""Sentence boundaries with character offsets, for extractive answers and summaries."""

import re
from dataclasses import dataclass

# A sentence ends at . ! ? (with closing quotes/brackets) before white space, or at a line break.
_BOUNDARY = re.compile(r"(?<=[.!?])[\"')\]]*\s+|\n\s*")
_MIN_CHARS = 3


@dataclass(frozen=True, slots=True)
class Span:
    """Characters [start, end) of a text."""

    start: int
    end: int


def split_sentences(text: str) -> list[Span]:
    """The sentences of `text` as offsets, whitespace trimmed, fragments under 3 characters dropped."""
    spans: list[Span] = []
    position = 0
    for match in _BOUNDARY.finditer(text):
        _append_trimmed(text, position, match.start(), spans)
        position = match.end()
    _append_trimmed(text, position, len(text), spans)
    return spans


def _append_trimmed(text: str, start: int, end: int, spans: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start >= _MIN_CHARS:
        spans.append(Span(start, end))
