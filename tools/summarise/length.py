"""How long a summary may be and how it is laid out: a sentence and/or word budget, and a style."""

import math
from dataclasses import dataclass
from typing import Literal, get_args

from tools.errors import InvalidInput

Style = Literal["bullets", "paragraph", "tldr"]
STYLES: tuple[str, ...] = get_args(Style)
MAX_SENTENCES = 50
MIN_WORDS, MAX_WORDS = 5, 5000
# Without a requested length a summary runs to about 2.5 x the square root of the source's word count (a 400-word
# story ~50 words, a 650-word article ~65, a 10,000-word transcript ~250), as whole sentences of the source's own
# mean length, between one and eight: an article of long sentences gets two or three, a dialogue of short turns
# more, and long reports a paragraph, never a copy of the input. The factor is the one that did best at the
# default length on the summarisation dev sets (docs/summaries.md); one in six sentences, as before, ran to twice
# the length of news highlights.
DEFAULT_WORDS_PER_ROOT, DEFAULT_CAP = 2.5, 8


@dataclass(frozen=True, slots=True)
class SummaryLength:
    """Sentence and word budgets (None: not limited that way) and the layout of the summary."""

    max_sentences: int | None = None
    max_words: int | None = None
    style: Style = "paragraph"

    def sentences_for(self, source_sentences: int, source_words: int) -> int:
        """How many sentences to aim for, given how many sentences and words the source has."""
        if self.max_sentences is not None:
            return self.max_sentences
        if self.style == "tldr":
            return 1
        if self.max_words is not None:
            return MAX_SENTENCES  # the word budget decides
        if source_sentences < 1 or source_words < 1:
            return 1
        budget = DEFAULT_WORDS_PER_ROOT * math.sqrt(source_words)
        return max(1, min(DEFAULT_CAP, round(budget * source_sentences / source_words)))


def summary_length(
    max_sentences: int | None = None, max_words: int | None = None, style: str = "paragraph"
) -> SummaryLength:
    """A checked `SummaryLength`; both budgets may be given, the tighter one then decides.

    Raises:
        InvalidInput: a budget out of range or an unknown style.
    """
    if max_sentences is not None and not 1 <= max_sentences <= MAX_SENTENCES:
        raise InvalidInput(f"max_sentences must be between 1 and {MAX_SENTENCES}, got {max_sentences}")
    if max_words is not None and not MIN_WORDS <= max_words <= MAX_WORDS:
        raise InvalidInput(f"max_words must be between {MIN_WORDS} and {MAX_WORDS}, got {max_words}")
    if style not in STYLES:
        raise InvalidInput(f"style must be one of {', '.join(STYLES)}, got {style!r}")
    return SummaryLength(max_sentences, max_words, style)  # type: ignore[arg-type]  # checked against STYLES above


def render(sentences: list[str], style: Style) -> str:
    """The summary text in `style`: a paragraph, one bullet per sentence, or a one-paragraph TL;DR line."""
    if style == "bullets":
        return "\n".join(f"- {sentence}" for sentence in sentences)
    joined = " ".join(" ".join(sentence.split()) for sentence in sentences)
    return f"TL;DR: {joined}" if style == "tldr" else joined


def word_count(text: str) -> int:
    return len(text.split())
