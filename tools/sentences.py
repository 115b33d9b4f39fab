"""Sentence boundaries with character offsets, for extractive answers and summaries."""

import re
from dataclasses import dataclass

from tools.markdown_headings import markdown_headings

# A sentence ends at . ! ? (with closing quotes/brackets) before white space; a paragraph ends at a blank
# line; a line break ends a sentence only after punctuation or before a list item, quote, table row or
# speaker tag ("#Person1#:"). Other line breaks are hard wrapping inside a sentence. A markdown heading is found
# by the markdown parser, not here, so that a "# comment" line in a code block neither is one nor splits one.
_BOUNDARY = re.compile(
    r"(?<=[.!?])[\"')\]]*[ \t]+"
    r"|[ \t]*\n[ \t]*\n\s*"
    r"|(?<=[.!?:;\"')\]])[ \t]*\n\s*"
    r"|[ \t]*\n(?=[ \t]*(?:[-*+>|]|#[^\s#]|\d{1,3}[.)]\s))\s*"
)
_MIN_CHARS = 3


@dataclass(frozen=True, slots=True)
class Span:
    """Characters [start, end) of a text."""

    start: int
    end: int


def split_sentences(text: str) -> list[Span]:
    """The sentences of `text` as offsets, whitespace trimmed, fragments under 3 characters dropped."""
    return [span for span, _ in _sentences(text)]


def evidence_sentences(text: str, *, limit: int | None = None) -> list[Span]:
    """The sentences of `text` that can state something (a markdown heading names a topic; it states nothing),
    the first `limit` of them when given."""
    spans = [span for span, heading in _sentences(text) if not heading]
    return spans if limit is None else spans[:limit]


def _sentences(text: str) -> list[tuple[Span, bool]]:
    """Each sentence, and whether it is a markdown heading (always a sentence of its own)."""
    sentences: list[tuple[Span, bool]] = []
    position = 0
    for heading in markdown_headings(text):
        sentences.extend((span, False) for span in _split_region(text, position, heading.start))
        sentences.extend((span, True) for span in _trimmed(text, heading.start, heading.end))
        position = heading.end
    sentences.extend((span, False) for span in _split_region(text, position, len(text)))
    return sentences


def _split_region(text: str, start: int, end: int) -> list[Span]:
    spans: list[Span] = []
    position = start
    for match in _BOUNDARY.finditer(text, start, end):
        spans.extend(_trimmed(text, position, match.start()))
        position = match.end()
    spans.extend(_trimmed(text, position, end))
    return spans


def _trimmed(text: str, start: int, end: int) -> list[Span]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return [Span(start, end)] if end - start >= _MIN_CHARS else []
