"""Sentence boundaries with character offsets, for extractive answers and summaries."""

import re
from dataclasses import dataclass

# A sentence ends at . ! ? (with closing quotes/brackets) before white space; a paragraph ends at a blank
# line; a line break ends a sentence only after punctuation or before a list item, heading, quote, table row
# or speaker tag. Other line breaks are hard wrapping inside a sentence.
_BOUNDARY = re.compile(
    r"(?<=[.!?])[\"')\]]*[ \t]+"
    r"|[ \t]*\n[ \t]*\n\s*"
    r"|(?<=[.!?:;\"')\]])[ \t]*\n\s*"
    r"|[ \t]*\n(?=[ \t]*(?:[-*+>|#]|\d{1,3}[.)]\s))\s*"
)
_HEADING_LINE = re.compile(r"^#{1,6}[ \t][^\n]*$", re.MULTILINE)  # not a speaker tag such as "#Person1#: Hi"
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
    for heading in _HEADING_LINE.finditer(text):  # a markdown heading is a sentence of its own
        _split_region(text, position, heading.start(), spans)
        _append_trimmed(text, heading.start(), heading.end(), spans)
        position = heading.end()
    _split_region(text, position, len(text), spans)
    return spans


def _split_region(text: str, start: int, end: int, spans: list[Span]) -> None:
    position = start
    for match in _BOUNDARY.finditer(text, start, end):
        _append_trimmed(text, position, match.start(), spans)
        position = match.end()
    _append_trimmed(text, position, end, spans)


def _append_trimmed(text: str, start: int, end: int, spans: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start >= _MIN_CHARS:
        spans.append(Span(start, end))


def evidence_sentences(text: str, *, limit: int | None = None) -> list[Span]:
    """The sentences of `text` that can state something (a markdown heading names a topic; it states nothing),
    the first `limit` of them when given."""
    spans = [span for span in split_sentences(text) if not _HEADING_LINE.match(text, span.start)]
    return spans if limit is None else spans[:limit]
