"""What a chunk is, and how a collection asks for its documents to be chunked."""

from dataclasses import dataclass
from typing import Literal

Strategy = Literal["markdown", "recursive", "fixed", "semantic"]
DEFAULT_MAX_CHARS, DEFAULT_CHUNK_TOKENS, DEFAULT_OVERLAP_TOKENS = 1200, 256, 32


@dataclass(frozen=True, slots=True)
class Chunk:
    """A piece of a document: its text, offsets [start, end) into the document, and the heading path above it."""

    text: str
    start: int
    end: int
    section: str
    index: int


@dataclass(frozen=True, slots=True)
class ChunkingPolicy:
    """How a collection splits documents.

    - `markdown`: sections by heading (HTML headings are converted to markdown on reading), then recursive
      character splitting up to `max_chars`; the heading path is kept as the chunk's section.
    - `recursive`: recursive splitting on paragraphs, lines, sentences, words, up to `max_chars`.
    - `fixed`: windows of `chunk_tokens` MiniLM tokens overlapping by `overlap_tokens`.
    - `semantic`: cut between sentences where the similarity of neighbouring sentences drops, up to `max_chars`.
    """

    strategy: Strategy = "markdown"
    max_chars: int = DEFAULT_MAX_CHARS
    chunk_tokens: int = DEFAULT_CHUNK_TOKENS
    overlap_tokens: int = DEFAULT_OVERLAP_TOKENS

    def __post_init__(self) -> None:
        if self.max_chars < 50:
            raise ValueError("max_chars must be at least 50")
        if not 16 <= self.chunk_tokens <= 512:
            raise ValueError("chunk_tokens must be between 16 and 512")
        if not 0 <= self.overlap_tokens < self.chunk_tokens:
            raise ValueError("overlap_tokens must be at least 0 and less than chunk_tokens")
