"""Recursive character splitting, optionally inside markdown sections (headings kept as the section path).

Chunks are contiguous and cover their section exactly, so offsets always point into the original text.
"""

import re
from collections.abc import Iterator
from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING

from tools.chunking.base import Chunk

if TYPE_CHECKING:  # imported when first needed: the edges import this module to read the chunking settings
    from markdown_it import MarkdownIt

# Line ends as markdown-it counts them (its `normalize` rule turns each of these into one `\n`), so that the line
# numbers of its tokens map back to offsets in the original text.
_LINE_END = re.compile(r"\r\n|\r|\n")
_SEPARATORS = ("\n\n", "\n", ". ", "; ", ", ", " ")


def recursive_chunks(text: str, *, max_chars: int, markdown: bool) -> list[Chunk]:
    """Split `text` into chunks no longer than `max_chars` (unless a single word is longer), within markdown
    sections when `markdown`."""
    sections = _markdown_sections(text) if markdown else [(0, len(text), "")]
    chunks: list[Chunk] = []
    for start, end, section in sections:
        for piece_start, piece_end in _glue_heading(_split(text, start, end, max_chars, 0), max_chars):
            if text[piece_start:piece_end].strip():
                chunks.append(Chunk(text[piece_start:piece_end], piece_start, piece_end, section, len(chunks)))
    return chunks


def _markdown_sections(text: str) -> list[tuple[int, int, str]]:
    """(start, end, heading path) for each heading-delimited section, the preamble included."""
    sections: list[tuple[int, int, str]] = []
    path: list[tuple[int, str]] = []
    section_start, section_path = 0, ""
    for start, level, title in _headings(text):
        if start > section_start:
            sections.append((section_start, start, section_path))
        path = [(lvl, name) for lvl, name in path if lvl < level] + [(level, title)]
        section_start, section_path = start, " > ".join(name for _, name in path)
    if section_start < len(text):
        sections.append((section_start, len(text), section_path))
    return sections


@cache
def _parser() -> "MarkdownIt":
    from markdown_it import MarkdownIt

    # Block rules only: a heading's title is its raw inline text, so inline parsing would be wasted work.
    return MarkdownIt("commonmark").disable("inline")


def _headings(text: str) -> Iterator[tuple[int, int, str]]:
    """(offset of its line, level, title) of each top-level ATX heading (`#` to `######`), in order.

    A CommonMark parser finds them, so a `#` line inside fenced (``` or ~~~) or indented code, or inside an HTML
    block, is not a heading. Setext headings (a line underlined with `===` or `---`) are not sections, as they never
    were: `---` under a line of YAML front matter would make one.
    """
    line_starts = [0, *(match.end() for match in _LINE_END.finditer(text))]
    tokens = _parser().parse(text)
    for opening, inline in pairwise(tokens):
        if opening.type != "heading_open" or opening.level != 0 or not opening.markup.startswith("#"):
            continue
        title = inline.content.strip()
        if title and opening.map is not None:
            yield line_starts[opening.map[0]], len(opening.markup), title


def _glue_heading(pieces: list[tuple[int, int]], max_chars: int) -> list[tuple[int, int]]:
    # A heading split off its section would be a chunk with nothing to find; it leads the next one instead.
    if len(pieces) > 1 and pieces[0][1] - pieces[0][0] < max_chars // 5:
        return [(pieces[0][0], pieces[1][1]), *pieces[2:]]
    return pieces


def _split(text: str, start: int, end: int, max_chars: int, depth: int) -> list[tuple[int, int]]:
    if end - start <= max_chars or depth >= len(_SEPARATORS):
        return [(start, end)]
    separator = _SEPARATORS[depth]
    pieces: list[tuple[int, int]] = []
    cursor = start
    while cursor < end:
        found = text.find(separator, cursor, end)
        cut = end if found < 0 else found + len(separator)
        pieces.extend(_split(text, cursor, cut, max_chars, depth + 1) if cut - cursor > max_chars else [(cursor, cut)])
        cursor = cut
    return _merge(pieces, max_chars)


def _merge(pieces: list[tuple[int, int]], max_chars: int) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in pieces:
        if merged and end - merged[-1][0] <= max_chars:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged
