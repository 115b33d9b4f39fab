"""Map-reduce over text for a writer with a bounded input (a chat model): split, summarise parts, combine, repeat."""

from collections.abc import Awaitable, Callable

from tools.errors import UpstreamUnavailable
from tools.sentences import split_sentences
from tools.summarise.extractive import Progress, no_progress
from tools.summarise.length import word_count

Write = Callable[[str, bool], Awaitable[str]]
"""(text, final) -> its summary; `final` is the last call, whose summary is the answer."""

PART_WORDS = 2000  # ~3k tokens: fits any chat model's context with room for the prompt and the reply


def split_parts(text: str, max_words: int) -> list[str]:
    """`text` cut at sentence boundaries into parts of at most `max_words` words (a longer sentence is a part of
    its own), in order, nothing left out."""
    parts: list[str] = []
    current: list[str] = []
    words = 0
    for span in split_sentences(text):
        sentence = text[span.start : span.end]
        count = word_count(sentence)
        if current and words + count > max_words:
            parts.append(" ".join(current))
            current, words = [], 0
        current.append(sentence)
        words += count
    if current:
        parts.append(" ".join(current))
    return parts


async def map_reduce(
    text: str, write: Write, *, part_words: int = PART_WORDS, progress: Progress = no_progress
) -> tuple[str, int]:
    """The final summary of `text` and how many map-reduce rounds it took (0: it fit one call).

    Raises:
        UpstreamUnavailable: the writer's summaries of the parts are no shorter than the parts (it cannot converge).
    """
    rounds = 0
    done = 0.0
    while word_count(text) > part_words:
        rounds += 1
        parts = split_parts(text, part_words)
        summaries: list[str] = []
        for number, part in enumerate(parts, start=1):
            summaries.append(await write(part, False))
            done += 1
            await progress(done, None, f"map-reduce round {rounds}: part {number} of {len(parts)} summarised")
        combined = "\n\n".join(summaries)
        if word_count(combined) >= word_count(text):
            raise UpstreamUnavailable(
                f"the model's summaries of {len(parts)} parts are no shorter than the parts themselves "
                f"({word_count(combined)} words from {word_count(text)}): map-reduce cannot converge with this model"
            )
        text = combined
    return await write(text, True), rounds
