"""Extractive summarising of any length: the most representative, least redundant sentences, in their original
order, each with the document and offsets it came from. Long inputs are condensed by map-reduce."""

import math
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from tools.embeddings import Embedder, Vectors
from tools.errors import InvalidInput
from tools.summarise.features import layout_features, without_speaker
from tools.summarise.length import Style, SummaryLength, render
from tools.summarise.scoring import pick, relevance
from tools.summarise.units import Source, Unit, units_of
from tools.summarise.weights import WEIGHTS

Progress = Callable[[float, float | None, str], Awaitable[None]]
"""(progress, total or None, message): called as work advances; `progress` only grows."""

PART_UNITS = 256  # sentences scored together in one map step: similarity matrices stay small
REDUCTION = 4  # a map step keeps at least a quarter of its part, so each round shrinks the input fourfold
EMBED_BATCH = 512


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """A sentence of the summary: its text, the document it came from and its offsets [start, end) there."""

    text: str
    doc_id: str
    title: str
    start: int
    end: int
    score: float


@dataclass(frozen=True, slots=True)
class Summary:
    """A summary, its sentences with their sources, the size of what it summarises, and notes for the reader."""

    text: str
    style: Style
    sentences: list[SummarySentence]
    source_sentences: int
    source_words: int
    rounds: int = 0
    notes: list[str] = field(default_factory=list)


async def no_progress(_progress: float, _total: float | None, _message: str) -> None:
    return None


async def summarise_extractive(
    embedder: Embedder,
    sources: list[Source],
    length: SummaryLength,
    *,
    progress: Progress = no_progress,
    weights: Mapping[str, float] = WEIGHTS,
) -> Summary:
    """Summarise `sources` (one text, or passages of several documents) within `length`; sentences are scored by
    `weights` over their features (tools/summarise/features.py), the fitted ones unless an evaluation passes its own.

    Every sentence is embedded once (the floor of the cost). Up to `PART_UNITS` sentences are scored together;
    more are condensed first: parts of consecutive sentences (cut at source boundaries where possible) each keep
    their best quarter, round after round, until the rest fits one final pick. Nothing is dropped unread.

    Raises:
        InvalidInput: the sources contain no sentences.
    """
    units = units_of(sources)
    if not units:
        raise InvalidInput("there is no text to summarise: send the text itself, not only an instruction")
    texts = [sources[unit.source].text[unit.start : unit.end] for unit in units]
    vectors = await embed_units(embedder, [without_speaker(text) for text in texts], progress)
    layout = layout_features(units, texts, [source.title for source in sources])
    words = np.array([unit.words for unit in units], dtype=np.int64)
    target = length.sentences_for(len(units), int(words.sum()))
    step = float(math.ceil(len(units) / EMBED_BATCH))
    candidates = np.arange(len(units))
    rounds = 0
    while len(candidates) > PART_UNITS:
        rounds += 1
        parts = _parts(candidates, units)
        kept: list[int] = []
        for number, part in enumerate(parts, start=1):
            keep = min(len(part) - 1, max(min(target, len(part)), len(part) // REDUCTION)) if len(part) > 1 else 1
            scores = relevance(vectors[part], layout[part], weights)
            chosen = pick(vectors[part], scores, words[part], count=keep)
            kept.extend(int(part[i]) for i in chosen)
            step += 1
            await progress(step, None, f"map-reduce round {rounds}: part {number} of {len(parts)} condensed")
        candidates = np.array(sorted(kept))
    scores = relevance(vectors[candidates], layout[candidates], weights)
    chosen = pick(vectors[candidates], scores, words[candidates], count=target, max_words=length.max_words)
    sentences = [_sentence(sources, units[int(candidates[i])], float(scores[i])) for i in chosen]
    return Summary(
        text=render([sentence.text for sentence in sentences], length.style),
        style=length.style,
        sentences=sentences,
        source_sentences=len(units),
        source_words=int(words.sum()),
        rounds=rounds,
        notes=_notes(sentences, len(units), int(words.sum()), rounds, length),
    )


async def embed_units(embedder: Embedder, texts: list[str], progress: Progress | None = None) -> Vectors:
    """Embed `texts` in batches, reporting each batch when there are several."""
    batches: list[Vectors] = []
    total = math.ceil(len(texts) / EMBED_BATCH)
    for number, first in enumerate(range(0, len(texts), EMBED_BATCH), start=1):
        batches.append(await embedder.embed(texts[first : first + EMBED_BATCH]))
        if total > 1 and progress is not None:
            await progress(
                float(number), None, f"embedded {min(first + EMBED_BATCH, len(texts))} of {len(texts)} sentences"
            )
    return np.concatenate(batches)


def _parts(candidates: npt.NDArray[np.int64], units: list[Unit]) -> list[npt.NDArray[np.int64]]:
    """Consecutive runs of at most `PART_UNITS` candidates; a new source starts a new part when the current one
    cannot take all of it, and a source longer than a part is cut into equal parts."""
    runs: list[list[int]] = []
    for index in candidates:
        if runs and units[runs[-1][-1]].source == units[int(index)].source:
            runs[-1].append(int(index))
        else:
            runs.append([int(index)])
    parts: list[npt.NDArray[np.int64]] = []
    current: list[int] = []
    for run in runs:
        if len(current) + len(run) > PART_UNITS and current:
            parts.append(np.array(current))
            current = []
        if len(run) > PART_UNITS:
            parts.extend(np.array_split(np.array(run), math.ceil(len(run) / PART_UNITS)))
        else:
            current.extend(run)
    if current:
        parts.append(np.array(current))
    return parts


def _sentence(sources: list[Source], unit: Unit, score: float) -> SummarySentence:
    source = sources[unit.source]
    return SummarySentence(
        text=source.text[unit.start : unit.end],
        doc_id=source.doc_id,
        title=source.title,
        start=source.offset + unit.start,
        end=source.offset + unit.end,
        score=round(score, 4),
    )


def _notes(sentences: list[SummarySentence], units: int, words: int, rounds: int, length: SummaryLength) -> list[str]:
    notes: list[str] = []
    if rounds:
        notes.append(
            f"The input has {units} sentences ({words} words); it was condensed in {rounds} map-reduce "
            f"round{'s' if rounds > 1 else ''} before the final selection. No part of it was skipped."
        )
    used = sum(len(sentence.text.split()) for sentence in sentences)
    if length.max_words is not None and used > length.max_words:
        notes.append(
            f"No sentence of the input fits in {length.max_words} words; the summary is its single best sentence "
            f"({used} words). Ask for more words to get a summary within the limit."
        )
    return notes
