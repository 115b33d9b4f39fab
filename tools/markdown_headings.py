"""The ATX headings of a markdown text, found by a CommonMark parser, as offsets into the original text."""

import re
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when first needed: the edges import the chunker to read the chunking settings
    from markdown_it import MarkdownIt

# Line ends as markdown-it counts them (its `normalize` rule turns each of these into one `\n`), so that the line
# numbers of its tokens map back to offsets in the original text.
_LINE_END = re.compile(r"\r\n|\r|\n")
# Every top-level ATX heading's line starts like this; most texts have no such line, and need no parse.
_MAY_BE_HEADING = re.compile(r"(?:^|[\r\n]) {0,3}#")


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading line: characters [start, end) of the text (its line ending excluded), level 1-6, its title."""

    start: int
    end: int
    level: int
    title: str


@cache
def _parser() -> "MarkdownIt":
    from markdown_it import MarkdownIt

    # Block rules only: a heading's title is its raw inline text, so inline parsing would be wasted work.
    return MarkdownIt("commonmark").disable("inline")


def markdown_headings(text: str) -> list[Heading]:
    """Each top-level ATX heading (`#` to `######` and a non-empty title) of `text`, in order.

    A `#` line inside fenced (``` or ~~~) or indented code, or inside an HTML block, is not a heading, nor is a
    speaker tag such as `#Person1#: Hi` (no space after the `#`). Setext headings (a line underlined with `===` or
    `---`) are not returned: `---` under a line of YAML front matter would make one.
    """
    if not _MAY_BE_HEADING.search(text):
        return []
    line_ends = list(_LINE_END.finditer(text))
    line_starts = [0, *(match.end() for match in line_ends)]
    headings: list[Heading] = []
    for opening, inline in pairwise(_parser().parse(text)):
        if opening.type != "heading_open" or opening.level != 0 or not opening.markup.startswith("#"):
            continue
        title = inline.content.strip()
        if title and opening.map is not None:
            line = opening.map[0]
            end = line_ends[line].start() if line < len(line_ends) else len(text)
            headings.append(Heading(line_starts[line], end, len(opening.markup), title))
    return headings
