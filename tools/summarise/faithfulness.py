"""Faithfulness of a written summary: how well each of its sentences is supported by the source."""

import re
from dataclasses import dataclass

import numpy as np

from tools.embeddings import Embedder
from tools.errors import InvalidInput
from tools.sentences import split_sentences
from tools.summarise.extractive import Progress, embed_units
from tools.summarise.features import content_words
from tools.summarise.units import Source, units_of

SUPPORT_BAR = 0.5
"""A sentence scoring below this (the mean of its best cosine to a source sentence and the share of its content
words found in the source) is flagged: the source does not clearly say it."""
_BULLET = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)]|tl;?dr:)\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Support:
    """A summary sentence, the source sentence that supports it best, and how well."""

    text: str
    doc_id: str
    title: str
    start: int
    end: int
    source_text: str
    semantic: float
    lexical: float
    score: float
    supported: bool


async def check_support(
    embedder: Embedder, summary: str, sources: list[Source], *, progress: Progress | None = None
) -> list[Support]:
    """Score every sentence of `summary` against `sources`: semantic support is its best cosine to a source
    sentence; lexical support the share of its content words that occur in the source at all.

    Raises:
        InvalidInput: the summary or the sources have no sentences.
    """
    claims = [_BULLET.sub("", summary[s.start : s.end]).strip() for s in split_sentences(summary)]
    claims = [claim for claim in claims if claim]
    units = units_of(sources)
    if not claims:
        raise InvalidInput("the summary has no sentences to check: send the summary text")
    if not units:
        raise InvalidInput("the sources have no sentences to check the summary against: send the source text")
    texts = [sources[unit.source].text[unit.start : unit.end] for unit in units]
    vectors = await embed_units(embedder, texts, progress)
    similarity = (await embedder.embed(claims)) @ vectors.T
    vocabulary = set().union(*(content_words(source.text) for source in sources))
    supports: list[Support] = []
    for claim, row in zip(claims, similarity, strict=True):
        best = int(np.argmax(row))
        words = content_words(claim)
        lexical = len(words & vocabulary) / len(words) if words else 1.0
        semantic = max(0.0, float(row[best]))
        score = (semantic + lexical) / 2
        unit, source = units[best], sources[units[best].source]
        supports.append(
            Support(
                text=claim,
                doc_id=source.doc_id,
                title=source.title,
                start=source.offset + unit.start,
                end=source.offset + unit.end,
                source_text=texts[best],
                semantic=round(semantic, 4),
                lexical=round(lexical, 4),
                score=round(score, 4),
                supported=score >= SUPPORT_BAR,
            )
        )
    return supports
