"""Recursive character splitting, optionally inside markdown sections (headings kept as the section path).

Chunks are contiguous and cover their section exactly, so offsets always point into the original text.
"""

from tools.chunking.base import Chunk
from tools.markdown_headings import markdown_headings

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
    for heading in markdown_headings(text):
        if heading.start > section_start:
            sections.append((section_start, heading.start, section_path))
        path = [(level, name) for level, name in path if level < heading.level] + [(heading.level, heading.title)]
        section_start, section_path = heading.start, " > ".join(name for _, name in path)
    if section_start < len(text):
        sections.append((section_start, len(text), section_path))
    return sections


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
